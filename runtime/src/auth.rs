//! Authentication from the spec's `securitySchemes`: API keys (header, query, cookie), bearer
//! tokens (also for OAuth 2 and OpenID Connect) and HTTP basic credentials.
//!
//! Generated builders register the schemes in spec order and refer to them by index; each
//! operation names the alternatives it accepts (its `security`, or the document's).

use base64::Engine as _;

use crate::secret::Secret;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header (`in: header`).
    Header,
    /// A query parameter (`in: query`).
    Query,
    /// A cookie, in the `Cookie` header (`in: cookie`).
    Cookie,
}

/// One security scheme, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// An API key sent as the header, query parameter or cookie `name`.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// The secret a scheme needs: a key or token, or a user name and password.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An API key or a bearer token.
    Token(Secret),
    /// HTTP basic credentials.
    Basic {
        /// The user name (not secret: it may appear in `Debug` output).
        user: String,
        /// The password, kept out of `Debug`, `Display` and logs.
        password: Secret,
    },
}

/// Which credentials an operation accepts: alternatives, each a set of scheme indexes that
/// must all be present. `&[]` means no authentication; `&[&[]]` means it is optional.
pub type Requirement = &'static [&'static [usize]];

/// Registered schemes and the credentials set for them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Auth {
    pub schemes: Vec<(AuthScheme, Option<Credential>)>,
    pub default: Requirement,
}

/// What authentication adds to one request.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub headers: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
}

impl Auth {
    /// The credentials of the first alternative that is fully configured (an alternative
    /// needing nothing only when none is); nothing when none is, and the server decides.
    pub fn apply(&self, requirement: Option<Requirement>) -> Applied {
        let requirement = requirement.unwrap_or(self.default);
        let configured = |set: &&&[usize]| {
            set.iter()
                .all(|&i| self.schemes.get(i).is_some_and(|(_, c)| c.is_some()))
        };
        let chosen = requirement
            .iter()
            .filter(|set| !set.is_empty())
            .find(configured);
        let mut applied = Applied::default();
        for &index in chosen.copied().unwrap_or_default() {
            if let Some((scheme, Some(credential))) = self.schemes.get(index) {
                applied.add(scheme, credential);
            }
        }
        applied
    }
}

impl Applied {
    fn add(&mut self, scheme: &AuthScheme, credential: &Credential) {
        let value = match (scheme, credential) {
            (AuthScheme::Basic, Credential::Basic { user, password }) => {
                let pair = format!("{user}:{}", password.expose());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }
            (AuthScheme::Bearer, Credential::Token(token)) => {
                format!("Bearer {}", token.expose())
            }
            (AuthScheme::ApiKey { .. }, Credential::Token(key)) => key.expose().to_owned(),
            // The generated setters only pair schemes with their kind of credential.
            _ => return,
        };
        match scheme {
            AuthScheme::ApiKey { location, name } => {
                let pair = ((*name).to_owned(), value);
                match location {
                    KeyLocation::Header => self.headers.push(pair),
                    KeyLocation::Query => self.query.push(pair),
                    KeyLocation::Cookie => self.cookies.push(pair),
                }
            }
            AuthScheme::Bearer | AuthScheme::Basic => {
                self.headers.push(("Authorization".to_owned(), value))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> Auth {
        Auth {
            schemes: vec![
                (
                    AuthScheme::ApiKey {
                        location: KeyLocation::Query,
                        name: "key",
                    },
                    None,
                ),
                (
                    AuthScheme::Basic,
                    Some(Credential::Basic {
                        user: "u".into(),
                        password: "p".into(),
                    }),
                ),
                (AuthScheme::Bearer, Some(Credential::Token("t".into()))),
            ],
            default: &[&[0], &[1]],
        }
    }

    #[test]
    fn the_first_configured_alternative_is_used() {
        let applied = auth().apply(None);
        assert_eq!(
            applied.headers,
            [("Authorization".to_owned(), "Basic dTpw".to_owned())]
        );
        assert!(applied.query.is_empty());
        assert!(auth().apply(Some(&[])).headers.is_empty());
        assert!(auth().apply(Some(&[&[], &[0]])).headers.is_empty());
        let both = auth().apply(Some(&[&[1, 2]]));
        assert_eq!(both.headers.len(), 2);
    }
}
