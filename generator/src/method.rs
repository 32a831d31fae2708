//! The HTTP methods the generated client sends.

use std::fmt;

/// An HTTP method the client supports. `load` turns an operation under any
/// other method (`trace`) into a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`: the answer is a status and headers, never a body.
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// Every supported method.
    pub const ALL: &'static [Method] = &[
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
    ];

    /// The method in upper case, as on the wire and as the runtime's
    /// `Method` constant (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// The key of the method's operation in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Patch => "patch",
            Method::Head => "head",
            Method::Options => "options",
        }
    }

    /// The method for a path-item key (`get`), if the client supports it.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.iter().copied().find(|m| m.key() == key)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Method;

    #[test]
    fn path_item_keys_map_to_supported_methods_only() {
        assert_eq!(Method::from_key("get"), Some(Method::Get));
        assert_eq!(Method::from_key("patch"), Some(Method::Patch));
        assert_eq!(Method::from_key("head"), Some(Method::Head));
        assert_eq!(Method::from_key("options"), Some(Method::Options));
        for unsupported in ["trace", "GET"] {
            assert_eq!(Method::from_key(unsupported), None);
        }
    }
}
