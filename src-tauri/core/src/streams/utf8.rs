//! UTF-8 decoding across chunk boundaries: a character split between two reads is held back
//! until its last byte arrives; invalid bytes become U+FFFD.

/// Decodes a byte stream chunk by chunk.
#[derive(Default)]
pub(super) struct Utf8Decoder {
    pending: Vec<u8>,
}

impl Utf8Decoder {
    /// Append the text of `chunk` (plus any bytes held back before) to `out`.
    pub(super) fn push(&mut self, chunk: &[u8], out: &mut String) {
        self.pending.extend_from_slice(chunk);
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(s);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        Some(n) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            rest = &bad[n..];
                        }
                        // An incomplete character at the end: wait for the next chunk.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.len();
        let start = self.pending.len() - keep;
        self.pending.drain(..start);
    }
}

#[cfg(test)]
mod tests {
    use super::Utf8Decoder;

    #[test]
    fn a_character_split_across_chunks_is_decoded_whole() {
        let text = "grüße ✓ 🚀";
        let bytes = text.as_bytes();
        for split in 0..=bytes.len() {
            let mut d = Utf8Decoder::default();
            let mut out = String::new();
            d.push(&bytes[..split], &mut out);
            d.push(&bytes[split..], &mut out);
            assert_eq!(out, text, "split at {split}");
        }
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut d = Utf8Decoder::default();
        let mut out = String::new();
        d.push(b"a\xffb", &mut out);
        assert_eq!(out, "a\u{fffd}b");
    }
}
