//! Reading a response: bounded bodies with an idle read timeout, error statuses turned into
//! [`ServiceError`]s, `Retry-After` in either form.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use http::HeaderMap;

use crate::body::Body;
use crate::call::{Answer, Mode};
use crate::client::{header_request_id, HttpClient};
use crate::error::{printable, Error, ServiceError, BODY_SNIPPET_LIMIT, SHORT_FIELD_LIMIT};
use crate::error_body::parse_error_body;
use crate::raw::RawResponse;
use crate::transport::TransportError;

/// A success response whose body is still to be read.
pub(crate) struct Head {
    pub status: http::StatusCode,
    pub headers: HeaderMap,
    pub request_id: Option<String>,
    pub body: Body,
}

impl HttpClient {
    pub(crate) async fn read(
        &self,
        response: http::Response<Body>,
        accepted: &'static [&'static str],
        mode: Mode,
    ) -> Result<Answer, Error> {
        let (parts, body) = response.into_parts();
        let status = parts.status;
        let headers = parts.headers;
        let request_id = header_request_id(&headers);
        let success = parts.status.is_success();
        if success && mode == Mode::Head {
            return Ok(Answer::Head(Head {
                status,
                headers,
                request_id,
                body,
            }));
        }
        let config = &self.inner.config;
        let limit = config.max_response_bytes;
        let too_large = || Error::ResponseTooLarge {
            status,
            limit,
            request_id: request_id.clone(),
        };
        let declared = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|len| len > limit as u64) {
            return Err(too_large());
        }
        let body = read_bounded(body, limit, config.read_timeout)
            .await?
            .ok_or_else(too_large)?;
        if success {
            return Ok(Answer::Buffered(RawResponse {
                status,
                headers,
                request_id,
                body,
                accepted,
            }));
        }
        Err(service_error(status, &headers, request_id, body))
    }
}

/// Reads the whole body; `None` when it is longer than `limit`. Each chunk must arrive within
/// `read_timeout` (the call's deadline bounds the total).
async fn read_bounded(
    mut body: Body,
    limit: usize,
    read_timeout: Duration,
) -> Result<Option<Bytes>, Error> {
    let mut buffer = BytesMut::new();
    while let Some(chunk) = next_chunk(&mut body, read_timeout).await? {
        if buffer.len() + chunk.len() > limit {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(Some(buffer.freeze()))
}

/// The next chunk of `body`, or a timeout when none arrives within `read_timeout`.
pub(crate) async fn next_chunk(
    body: &mut Body,
    read_timeout: Duration,
) -> Result<Option<Bytes>, Error> {
    match tokio::time::timeout(read_timeout, body.next()).await {
        Err(_) => Err(Error::Timeout(TransportError::elapsed(
            "read timeout",
            read_timeout,
        ))),
        Ok(None) => Ok(None),
        Ok(Some(Ok(chunk))) => Ok(Some(chunk)),
        Ok(Some(Err(error))) => Err(Error::from_transport(transport_error(error))),
    }
}

/// A body stream's error: a transport's own error keeps its kind.
fn transport_error(error: crate::body::BoxError) -> TransportError {
    match error.downcast::<TransportError>() {
        Ok(error) => *error,
        Err(error) => TransportError::new(crate::transport::TransportErrorKind::Other, error),
    }
}

fn service_error(
    status: http::StatusCode,
    headers: &HeaderMap,
    request_id: Option<String>,
    body: Bytes,
) -> Error {
    let details = parse_error_body(&body);
    let short = |text: String| printable(&text, SHORT_FIELD_LIMIT);
    Error::Service(Box::new(ServiceError {
        retry_after: retry_after(headers, SystemTime::now()),
        status,
        error_code: details.code.map(short),
        error_msg: details.message.map(|m| printable(&m, BODY_SNIPPET_LIMIT)),
        request_id: request_id.or(details.request_id.map(short)),
        #[cfg(feature = "huawei")]
        encoded_authorization_message: details.encoded_authorization_message,
        body,
    }))
}

/// `Retry-After` as seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, as the
/// time left from `now`; a date in the past is zero).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(value) {
            headers.insert(http::header::RETRY_AFTER, value);
        }
        headers
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(retry_after(&header("7"), now), Some(Duration::from_secs(7)));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        let later = "Wed, 21 Oct 2015 07:28:30 GMT";
        assert_eq!(
            retry_after(&header(later), now),
            Some(Duration::from_secs(30))
        );
        let earlier = "Wed, 21 Oct 2015 07:27:00 GMT";
        assert_eq!(retry_after(&header(earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&header("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
