//! A parameter value reduced to its `Shape` straight from `Serialize`, without a JSON tree per call.

use serde::ser::{self, Impossible, Serialize};

use super::params::{Shape, scalar_text};

/// Why the direct reading gave up: the caller then reads the value through `serde_json::Value`,
/// which decides every rare case (and words every error) exactly as before.
#[derive(Debug)]
pub(super) struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a plain parameter value")
    }
}

impl std::error::Error for GiveUp {}

impl ser::Error for GiveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// The shape of `value` as `serde_json::to_value` followed by the styles' reading would give it,
/// for scalars, options, lists and flat objects; anything else gives up.
pub(super) fn direct_shape<T: Serialize + ?Sized>(value: &T) -> Result<Shape, GiveUp> {
    value.serialize(ShapeReader)
}

/// The text of a member or item: a scalar's text (`""` for null), a nested value as JSON text.
fn member_text<T: Serialize + ?Sized>(value: &T) -> Result<String, GiveUp> {
    match value.serialize(TextReader) {
        Ok(text) => Ok(text),
        Err(GiveUp) => serde_json::to_string(value).map_err(|_| GiveUp),
    }
}

/// A float as JSON holds it: not finite is null.
fn float_shape(value: serde_json::Value) -> Shape {
    if value.is_null() { Shape::Absent } else { Shape::Scalar(scalar_text(&value)) }
}

struct ShapeReader;

/// Collects a list's items.
struct ListReader(Vec<String>);

/// Collects an object's members in order; a repeated key keeps its first place and its last value,
/// as a JSON object would.
struct ObjectReader {
    members: Vec<(String, String)>,
    key: Option<String>,
}

impl ObjectReader {
    fn insert(&mut self, key: String, value: String) {
        match self.members.iter_mut().find(|(k, _)| *k == key) {
            Some(member) => member.1 = value,
            None => self.members.push((key, value)),
        }
    }
}

macro_rules! scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<Self::Ok, GiveUp> { self.scalar(value.to_string()) })*
    };
}

/// The methods every reader refuses: bytes and enum variants carrying values (JSON writes them
/// as arrays and one-member objects, which the fallback reads).
macro_rules! refused {
    ($ok:ty) => {
        fn serialize_bytes(self, _: &[u8]) -> Result<$ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, GiveUp> {
            Err(GiveUp)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, GiveUp> {
            Err(GiveUp)
        }
    };
}

trait Scalar {
    type Ok;
    fn scalar(self, text: String) -> Result<Self::Ok, GiveUp>;
}

impl Scalar for ShapeReader {
    type Ok = Shape;
    fn scalar(self, text: String) -> Result<Shape, GiveUp> {
        Ok(Shape::Scalar(text))
    }
}

impl ser::Serializer for ShapeReader {
    type Ok = Shape;
    type Error = GiveUp;
    type SerializeSeq = ListReader;
    type SerializeTuple = ListReader;
    type SerializeTupleStruct = ListReader;
    type SerializeTupleVariant = Impossible<Shape, GiveUp>;
    type SerializeMap = ObjectReader;
    type SerializeStruct = ObjectReader;
    type SerializeStructVariant = Impossible<Shape, GiveUp>;

    refused!(Shape);
    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char);

    fn serialize_f32(self, value: f32) -> Result<Shape, GiveUp> {
        Ok(float_shape(value.into()))
    }
    fn serialize_f64(self, value: f64) -> Result<Shape, GiveUp> {
        Ok(float_shape(value.into()))
    }
    fn serialize_str(self, value: &str) -> Result<Shape, GiveUp> {
        Ok(Shape::Scalar(value.to_owned()))
    }
    fn serialize_none(self) -> Result<Shape, GiveUp> {
        Ok(Shape::Absent)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Shape, GiveUp> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Shape, GiveUp> {
        Ok(Shape::Absent)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Shape, GiveUp> {
        Ok(Shape::Absent)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Shape, GiveUp> {
        Ok(Shape::Scalar(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Shape, GiveUp> {
        value.serialize(self)
    }
    fn serialize_seq(self, length: Option<usize>) -> Result<ListReader, GiveUp> {
        Ok(ListReader(Vec::with_capacity(length.unwrap_or(0))))
    }
    fn serialize_tuple(self, length: usize) -> Result<ListReader, GiveUp> {
        self.serialize_seq(Some(length))
    }
    fn serialize_tuple_struct(self, _: &'static str, length: usize) -> Result<ListReader, GiveUp> {
        self.serialize_seq(Some(length))
    }
    fn serialize_map(self, length: Option<usize>) -> Result<ObjectReader, GiveUp> {
        Ok(ObjectReader { members: Vec::with_capacity(length.unwrap_or(0)), key: None })
    }
    fn serialize_struct(self, _: &'static str, length: usize) -> Result<ObjectReader, GiveUp> {
        self.serialize_map(Some(length))
    }
}

macro_rules! list_reader {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for ListReader {
            type Ok = Shape;
            type Error = GiveUp;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
                self.0.push(member_text(value)?);
                Ok(())
            }
            fn end(self) -> Result<Shape, GiveUp> {
                Ok(Shape::List(self.0))
            }
        })*
    };
}

list_reader!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeMap for ObjectReader {
    type Ok = Shape;
    type Error = GiveUp;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), GiveUp> {
        self.key = Some(key.serialize(KeyReader)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GiveUp> {
        let key = self.key.take().ok_or(GiveUp)?;
        let value = member_text(value)?;
        self.insert(key, value);
        Ok(())
    }
    fn end(self) -> Result<Shape, GiveUp> {
        Ok(Shape::Object(self.members))
    }
}

impl ser::SerializeStruct for ObjectReader {
    type Ok = Shape;
    type Error = GiveUp;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), GiveUp> {
        let value = member_text(value)?;
        self.insert(key.to_owned(), value);
        Ok(())
    }
    fn end(self) -> Result<Shape, GiveUp> {
        Ok(Shape::Object(self.members))
    }
}

/// A scalar as text (`""` for null); gives up on anything nested.
struct TextReader;

/// An object key: strings, characters, integers and unit variants, as JSON objects take them.
struct KeyReader;

/// The serializer methods a text reader shares: scalars to text, nested values refused.
macro_rules! text_reader {
    ($reader:ident, bool: $bool:ident, none: $none:expr, floats: $floats:ident) => {
        impl Scalar for $reader {
            type Ok = String;
            fn scalar(self, text: String) -> Result<String, GiveUp> {
                Ok(text)
            }
        }

        impl ser::Serializer for $reader {
            type Ok = String;
            type Error = GiveUp;
            type SerializeSeq = Impossible<String, GiveUp>;
            type SerializeTuple = Impossible<String, GiveUp>;
            type SerializeTupleStruct = Impossible<String, GiveUp>;
            type SerializeTupleVariant = Impossible<String, GiveUp>;
            type SerializeMap = Impossible<String, GiveUp>;
            type SerializeStruct = Impossible<String, GiveUp>;
            type SerializeStructVariant = Impossible<String, GiveUp>;

            refused!(String);
            fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, GiveUp> { Err(GiveUp) }
            fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, GiveUp> { Err(GiveUp) }
            fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, GiveUp> { Err(GiveUp) }
            fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, GiveUp> { Err(GiveUp) }
            fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, GiveUp> { Err(GiveUp) }
            scalars!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_u8: u8,
                serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char);

            fn serialize_bool(self, value: bool) -> Result<String, GiveUp> {
                text_reader!(@$bool self, value)
            }
            fn serialize_f32(self, value: f32) -> Result<String, GiveUp> {
                text_reader!(@$floats serde_json::Value::from(value))
            }
            fn serialize_f64(self, value: f64) -> Result<String, GiveUp> {
                text_reader!(@$floats serde_json::Value::from(value))
            }
            fn serialize_str(self, value: &str) -> Result<String, GiveUp> {
                Ok(value.to_owned())
            }
            fn serialize_none(self) -> Result<String, GiveUp> {
                $none
            }
            fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, GiveUp> {
                value.serialize(self)
            }
            fn serialize_unit(self) -> Result<String, GiveUp> {
                $none
            }
            fn serialize_unit_struct(self, _: &'static str) -> Result<String, GiveUp> {
                $none
            }
            fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String, GiveUp> {
                Ok(variant.to_owned())
            }
            fn serialize_newtype_struct<T: Serialize + ?Sized>(
                self,
                _: &'static str,
                value: &T,
            ) -> Result<String, GiveUp> {
                value.serialize(self)
            }
        }
    };
    (@text $self:ident, $value:ident) => { $self.scalar($value.to_string()) };
    (@refused $self:ident, $value:ident) => { { let _ = ($self, $value); Err(GiveUp) } };
    (@json $value:expr) => { Ok(scalar_text(&$value)) };
    (@refused $value:expr) => { { let _ = $value; Err(GiveUp) } };
}

// Items and member values: null is `""`, floats as JSON writes them.
text_reader!(TextReader, bool: text, none: Ok(String::new()), floats: json);
// Keys: JSON objects take no null, boolean or float key.
text_reader!(KeyReader, bool: refused, none: Err(GiveUp), floats: refused);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::params::shape;
    use super::*;

    fn same_as_json<T: Serialize>(value: T) {
        let expected = match serde_json::to_value(&value).expect("encodable") {
            serde_json::Value::Null => "absent".to_owned(),
            serde_json::Value::Array(items) => format!("{:?}", items.iter().map(scalar_text).collect::<Vec<_>>()),
            serde_json::Value::Object(members) => {
                format!("{:?}", members.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect::<Vec<_>>())
            }
            scalar => format!("{:?}", scalar_text(&scalar)),
        };
        let read = match direct_shape(&value).expect("read directly") {
            Shape::Absent => "absent".to_owned(),
            Shape::Scalar(text) => format!("{text:?}"),
            Shape::List(items) => format!("{items:?}"),
            Shape::Object(members) => format!("{members:?}"),
        };
        assert_eq!(read, expected);
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
    }

    #[derive(serde::Serialize)]
    struct Filter {
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<i32>,
        ratio: f64,
        nested: Vec<i32>,
        colour: Colour,
    }

    #[test]
    fn plain_values_read_directly_as_through_json() {
        same_as_json("a b");
        same_as_json(Some(7u8));
        same_as_json(None::<String>);
        same_as_json(-3i64);
        same_as_json(1.5f64);
        same_as_json(2.0f32);
        same_as_json(f64::NAN);
        same_as_json(true);
        same_as_json('x');
        same_as_json(());
        same_as_json(Colour::Red);
        same_as_json(vec![Some(1), None, Some(3)]);
        same_as_json(vec![vec![1, 2], vec![]]);
        same_as_json(vec![f64::INFINITY, 0.1]);
        same_as_json(Filter { name: None, skipped: None, ratio: 0.25, nested: vec![1], colour: Colour::Red });
        same_as_json(std::collections::BTreeMap::from([(2, "b"), (1, "a")]));
        same_as_json(json!({"a": {"b": null}, "c": [true]}));
        same_as_json(uuid::Uuid::nil());
        same_as_json(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
    }

    #[test]
    fn rare_values_are_left_to_json() {
        #[derive(serde::Serialize)]
        enum Tagged {
            Wrapped(i32),
        }
        assert!(direct_shape(&Tagged::Wrapped(1)).is_err());
        assert!(direct_shape(&std::collections::BTreeMap::from([(true, 1)])).is_err());
        // Through `shape`, they read as before.
        assert!(
            matches!(shape("p", &Tagged::Wrapped(1)), Ok(Shape::Object(members)) if members == [("Wrapped".to_owned(), "1".to_owned())])
        );
    }
}
