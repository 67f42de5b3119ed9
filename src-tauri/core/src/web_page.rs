//! An error body that is a web page (a failing load balancer's "502 Bad Gateway", a sign-in
//! proxy's page) rather than a Kubernetes `Status`: told by its title, never passed on as HTML.

/// When an error's body is a web page (nginx's "502 Bad Gateway", a sign-in page) rather than
/// a Kubernetes `Status`, something in front of the API server sent it: say so, with the page's
/// title (or its first words), instead of passing on the HTML. `None` for any other message.
pub(crate) fn web_page(message: &str) -> Option<String> {
    let lower = message.trim_start().to_ascii_lowercase();
    let page = lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && lower.contains("<body"));
    if !page {
        return None;
    }
    let text = message.trim_start();
    // ASCII lower-casing keeps every byte where it was, so positions in `lower` hold in `text`.
    let title = lower
        .find("<title")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
        .and_then(|start| {
            lower[start..]
                .find("</title>")
                .map(|len| &text[start..start + len])
        })
        .map(words)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| words(&strip_tags(text)));
    let shown: String = title.chars().take(120).collect();
    Some(format!(
        "a web page (\"{shown}\") instead of a Kubernetes answer: a proxy or load balancer in front of the API server sent it"
    ))
}

/// `text` with its tags taken out.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The words of `text`, one space apart.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::web_page;

    #[test]
    fn a_web_page_is_told_by_its_title_not_passed_on() {
        let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>";
        assert_eq!(
            web_page(nginx).unwrap(),
            "a web page (\"502 Bad Gateway\") instead of a Kubernetes answer: a proxy or load balancer in front of the API server sent it"
        );
        let untitled = "<!DOCTYPE html><html><body><p>Please   sign in</p></body></html>";
        assert!(web_page(untitled)
            .unwrap()
            .starts_with("a web page (\"Please sign in\")"));
        assert_eq!(web_page("pods \"web\" is forbidden: <none>"), None);
        assert_eq!(
            web_page("the server could not find the requested resource"),
            None
        );
    }
}
