//! Reading JSON into a `serde_json::Value` that holds only what a rule ([`Keep`]) names:
//! fields a row does not need are skipped while parsing, never built, so a page of 500
//! pods becomes 500 compact rows without first becoming 500 whole objects. The same rule
//! trims a `Value` already built (a watch event's object), so both paths make one shape.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// What of a JSON value to keep. A rule for objects or arrays keeps any other value whole.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Keep {
    /// The whole value.
    All,
    /// Nothing: the field is left out.
    Drop,
    /// Of an object, every key, each with an empty string as its value.
    Blank,
    /// Of an object, only these fields, each kept as its rule says.
    Only(&'static [(&'static str, Keep)]),
    /// As `Only`, and an object left with none of these fields is left out of its parent
    /// (a running container's `state`: `running` holds nothing a row reads).
    OnlyIfAny(&'static [(&'static str, Keep)]),
    /// Of an object, every field; these ones as their rule says.
    Except(&'static [(&'static str, Keep)]),
    /// Of an array, each element as the rule says.
    Each(&'static Keep),
}

impl Keep {
    /// The rule for field `name` of an object kept by `self`.
    fn field(self, name: &str) -> Keep {
        let find =
            |fields: &[(&str, Keep)]| fields.iter().find(|(f, _)| *f == name).map(|(_, k)| *k);
        match self {
            Keep::Only(fields) | Keep::OnlyIfAny(fields) => find(fields).unwrap_or(Keep::Drop),
            Keep::Except(fields) => find(fields).unwrap_or(Keep::All),
            Keep::Blank => Keep::Blank,
            _ => Keep::All,
        }
    }

    /// Whether `value`, kept by this rule, is left out of the object holding it.
    fn leaves_out(self, value: &Value) -> bool {
        matches!(self, Keep::OnlyIfAny(_)) && value.as_object().is_some_and(Map::is_empty)
    }

    /// Trims a value already built, the same way parsing with this rule would.
    pub(crate) fn apply(self, value: &mut Value) {
        match (self, value) {
            (Keep::Blank, Value::Object(map)) => {
                map.values_mut()
                    .for_each(|v| *v = Value::String(String::new()));
            }
            (Keep::Only(_) | Keep::OnlyIfAny(_) | Keep::Except(_), Value::Object(map)) => {
                map.retain(|name, v| match self.field(name) {
                    Keep::Drop => false,
                    rule => {
                        rule.apply(v);
                        !rule.leaves_out(v)
                    }
                });
            }
            (Keep::Each(rule), Value::Array(items)) => items.iter_mut().for_each(|v| rule.apply(v)),
            _ => {}
        }
    }
}

/// Parses one value, keeping what the rule says (never called with [`Keep::Drop`]).
#[derive(Clone, Copy)]
pub(crate) struct Pruned(pub Keep);

impl<'de> DeserializeSeed<'de> for Pruned {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.0 {
            Keep::All | Keep::Drop => serde::Deserialize::deserialize(d),
            _ => d.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Pruned {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let rule = match self.0 {
            Keep::Each(rule) => *rule,
            _ => Keep::All,
        };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Pruned(rule))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            match self.0.field(&name) {
                Keep::Drop => {
                    map.next_value::<IgnoredAny>()?;
                }
                Keep::Blank if matches!(self.0, Keep::Blank) => {
                    map.next_value::<IgnoredAny>()?;
                    out.insert(name, Value::String(String::new()));
                }
                rule => {
                    let value = map.next_value_seed(Pruned(rule))?;
                    if !rule.leaves_out(&value) {
                        out.insert(name, value);
                    }
                }
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RULE: Keep = Keep::Except(&[
        ("gone", Keep::Drop),
        ("only", Keep::Only(&[("a", Keep::All)])),
        ("each", Keep::Each(&Keep::Only(&[("n", Keep::All)]))),
        ("blank", Keep::Blank),
        ("some", Keep::OnlyIfAny(&[("a", Keep::All)])),
        ("none", Keep::OnlyIfAny(&[("a", Keep::All)])),
    ]);

    fn sample() -> Value {
        json!({
            "gone": {"big": [1, 2, 3]},
            "only": {"a": {"x": 1}, "b": 2},
            "each": [{"n": 1, "m": 2}, 3, {"m": 4}],
            "blank": {"k": "megabytes", "l": {"x": 1}},
            "kept": [null, true, -1, 2.5, "s"],
            "some": {"a": {}, "b": 1},
            "none": {"b": {"c": 1}},
        })
    }

    #[test]
    fn parsing_keeps_only_what_the_rule_names() {
        let text = sample().to_string();
        let mut de = serde_json::Deserializer::from_str(&text);
        let parsed = Pruned(RULE).deserialize(&mut de).unwrap();
        let want = json!({
            "only": {"a": {"x": 1}},
            "each": [{"n": 1}, 3, {}],
            "blank": {"k": "", "l": ""},
            "kept": [null, true, -1, 2.5, "s"],
            "some": {"a": {}},
        });
        assert_eq!(parsed, want);
    }

    #[test]
    fn trimming_a_built_value_gives_what_parsing_gives() {
        let text = sample().to_string();
        let mut de = serde_json::Deserializer::from_str(&text);
        let parsed = Pruned(RULE).deserialize(&mut de).unwrap();
        let mut built = sample();
        RULE.apply(&mut built);
        assert_eq!(parsed, built);
    }

    #[test]
    fn a_rule_for_objects_keeps_other_values_whole() {
        for text in ["[1, {\"gone\": 1}]", "\"text\"", "7", "null"] {
            let mut de = serde_json::Deserializer::from_str(text);
            let parsed = Pruned(RULE).deserialize(&mut de).unwrap();
            assert_eq!(
                parsed,
                serde_json::from_str::<Value>(text).unwrap(),
                "{text}"
            );
        }
    }
}
