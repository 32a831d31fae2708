//! Lists: one `Page` at a time, or a `PageStream` of every item that follows
//! `Link: rel="next"` lazily.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};
use tracing::Instrument;

use crate::transport::client::{Client, request_span};
use crate::transport::request::Request;
use crate::transport::response::Response;
use crate::vocabulary::error::Error;
use crate::vocabulary::message::redact_url;
use crate::vocabulary::operation::Operation;

/// Implemented by the wrapper type of each paginated list answer (for
/// example `{"total_count": 2, "workflow_runs": [...]}`, or a bare array).
#[doc(hidden)]
pub trait ListBody: serde::de::DeserializeOwned + Send + 'static {
    /// The type of one listed item.
    type Item: Send + 'static;
    /// Splits the answer into `(total_count, items)`.
    fn into_parts(self) -> (Option<i64>, Vec<Self::Item>);
}

/// One page of a list, with the links GitHub sent for its neighbours.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The `total_count` of the whole list, for lists that report one.
    pub total_count: Option<i64>,
    /// The next page (`Link: rel="next"`); `None` on the last page.
    pub next: Option<Url>,
    /// The previous page (`rel="prev"`).
    pub prev: Option<Url>,
    /// The first page (`rel="first"`).
    pub first: Option<Url>,
    /// The last page (`rel="last"`).
    pub last: Option<Url>,
}

impl<T> Page<T> {
    /// For cursor lists: the `after` value of the next link, to pass as the
    /// `after` parameter of the next request.
    pub fn next_cursor(&self) -> Option<String> {
        query_value(self.next.as_ref()?, "after")
    }

    /// For cursor lists: the `before` value of the previous link.
    pub fn prev_cursor(&self) -> Option<String> {
        query_value(self.prev.as_ref()?, "before")
    }

    /// Whether GitHub announced a next page.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The items, dropping the links.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

fn query_value(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Every item of a list, page after page.
///
/// A [`Stream`] of `Result<T, Error>`: the next page is requested only when
/// the items already received are used up, so at most one page is held in
/// memory. After an error the stream ends. Links to another origin than the
/// client's base URL are refused ([`Error::ForeignLink`]).
///
/// Use it with `futures::StreamExt`/`TryStreamExt`, or with
/// [`try_next`](PageStream::try_next) alone:
///
/// ```no_run
/// # async fn run<T>(mut runs: gh_actions::pagination::PageStream<T>) -> Result<(), gh_actions::Error> {
/// while let Some(run) = runs.try_next().await? {
///     // ...
/// #   drop(run);
/// }
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
    /// The page cap (0: none), read when each page after the first is due.
    max_pages: Arc<AtomicUsize>,
}

impl<T> PageStream<T> {
    /// The next item, `Ok(None)` at the end of the list.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx))
            .await
            .transpose()
    }

    /// A stream that gives `error` and ends.
    pub(crate) fn failed(error: Error) -> Self
    where
        T: Send + 'static,
    {
        PageStream {
            inner: Box::pin(futures_util::stream::once(async move { Err(error) })),
            max_pages: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Fetches at most `pages` pages: when the list has more, the stream
    /// ends with [`Error::PageLimit`] after the items of the last page
    /// allowed, so a cut list is never mistaken for a whole one. `0` means
    /// no cap (the default). To take a number of items, use `take`.
    pub fn max_pages(self, pages: usize) -> Self {
        self.max_pages.store(pages, Ordering::Relaxed);
        self
    }
}

impl<T> Stream for PageStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream").finish_non_exhaustive()
    }
}

/// What to fetch: the operation's own request, or a `Link` URL.
enum Cursor {
    First(Request),
    Next(Url),
}

/// The state behind a stream of items: the buffered page and how to get
/// the next one.
struct Items<T, C, F> {
    buffer: std::vec::IntoIter<T>,
    next: Option<C>,
    fetch: F,
}

/// Flattens pages into items: `fetch(cursor)` gives one page's items and the
/// cursor of the page after it. Fetches only when the buffer is empty.
fn items<T, C, F, Fut>(first: C, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<C>), Error>>,
{
    let state = Items {
        buffer: Vec::new().into_iter(),
        next: Some(first),
        fetch,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.next() {
                return Some((Ok(item), state));
            }
            let cursor = state.next.take()?;
            // Free the spent page before fetching the next one, so that only
            // one page is held at a time.
            state.buffer = Vec::new().into_iter();
            match (state.fetch)(cursor).await {
                Ok((page, next)) => {
                    state.buffer = page.into_iter();
                    state.next = next;
                }
                // `next` is already `None`, so the stream ends after this.
                Err(e) => return Some((Err(e), state)),
            }
        }
    })
}

impl Client {
    /// One page of a list (`Link` header parsed).
    #[doc(hidden)]
    pub async fn page<L: ListBody>(&self, req: Request) -> Result<Page<L::Item>, Error> {
        let resp = self.execute(req).await?;
        page_from_response(resp, &decode_list::<L>)
    }

    /// Every item of every page, lazily; follows `Link: rel="next"`.
    ///
    /// Ends with an error, instead of looping, when a next link repeats any
    /// page already fetched (a cycle of any length, of page numbers or of
    /// cursors), or when the list passes the cap set with `max_pages`.
    #[doc(hidden)]
    pub fn stream<L: ListBody>(&self, req: Result<Request, Error>) -> PageStream<L::Item> {
        match req {
            Ok(req) => self.stream_with(req, decode_list::<L>),
            Err(error) => PageStream::failed(error),
        }
    }

    /// [`stream`](Client::stream) with the page decoder given as a function.
    pub(crate) fn stream_with<T, D>(&self, req: Request, decode: D) -> PageStream<T>
    where
        T: Send + 'static,
        D: Fn(&Response) -> Result<PageParts<T>, Error> + Clone + Send + Sync + 'static,
    {
        let client = self.clone();
        let op = req.op;
        let max_pages = Arc::new(AtomicUsize::new(0));
        let cap = max_pages.clone();
        // Every page URL fetched so far; the first page's own URL included.
        let mut seen: HashSet<String> = req
            .url(self.base())
            .map(|url| HashSet::from([url.into()]))
            .unwrap_or_default();
        let mut fetched_pages = 0usize;
        let stream = items(Cursor::First(req), move |cursor| {
            let client = client.clone();
            let decode = decode.clone();
            fetched_pages += 1;
            let refused = match &cursor {
                Cursor::First(_) => None,
                Cursor::Next(url) => {
                    let pages = cap.load(Ordering::Relaxed);
                    if pages != 0 && fetched_pages > pages {
                        Some(Error::PageLimit {
                            operation: op.id,
                            pages,
                        })
                    } else if !seen.insert(url.as_str().to_owned()) {
                        Some(Error::PaginationCycle {
                            operation: op.id,
                            url: redact_url(url),
                        })
                    } else {
                        None
                    }
                }
            };
            async move {
                if let Some(error) = refused {
                    return Err(error);
                }
                let resp = match cursor {
                    Cursor::First(req) => client.execute(req).await?,
                    Cursor::Next(url) => client.follow_link(op, url).await?,
                };
                let page = page_from_response(resp, &decode)?;
                Ok((page.items, page.next.map(Cursor::Next)))
            }
        });
        PageStream {
            inner: Box::pin(stream),
            max_pages,
        }
    }

    /// GETs a `Link` URL, but only on the client's own origin, so that the
    /// token is never sent elsewhere.
    async fn follow_link(&self, op: &'static Operation, url: Url) -> Result<Response, Error> {
        if url.origin() != self.base().origin() {
            return Err(Error::ForeignLink {
                operation: op.id,
                url: redact_url(&url),
            });
        }
        let span = request_span(op);
        let attempts = self.attempts(op, url, None, Vec::new(), span.clone());
        if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span).await
        }
    }
}

/// The page of a generated list operation (its `Endpoint::decode`).
#[doc(hidden)]
pub fn decode_page<L: ListBody>(resp: Response) -> Result<Page<L::Item>, Error> {
    page_from_response(resp, &decode_list::<L>)
}

/// `(total_count, items)` of one page.
pub(crate) type PageParts<T> = (Option<i64>, Vec<T>);

/// Decodes a generated list body.
fn decode_list<L: ListBody>(resp: &Response) -> Result<PageParts<L::Item>, Error> {
    Ok(resp.json::<L>()?.into_parts())
}

/// The page in a list answer; statuses other than 2xx are unexpected.
pub(crate) fn page_from_response<T>(
    resp: Response,
    decode: &dyn Fn(&Response) -> Result<PageParts<T>, Error>,
) -> Result<Page<T>, Error> {
    if !(200..300).contains(&resp.status()) {
        return Err(resp.unexpected_status());
    }
    let (total_count, items) = decode(&resp)?;
    let links = Links::from_headers(resp.headers());
    let resolve = |link: Option<String>| link.and_then(|l| resp.url().join(&l).ok());
    Ok(Page {
        items,
        total_count,
        next: resolve(links.next),
        prev: resolve(links.prev),
        first: resolve(links.first),
        last: resolve(links.last),
    })
}

/// The `next`, `prev`, `first` and `last` targets of `Link` headers.
#[derive(Debug, Default, PartialEq, Eq)]
struct Links {
    next: Option<String>,
    prev: Option<String>,
    first: Option<String>,
    last: Option<String>,
}

impl Links {
    fn from_headers(headers: &HeaderMap) -> Links {
        let mut links = Links::default();
        for value in headers.get_all(LINK) {
            if let Ok(text) = value.to_str() {
                links.parse(text);
            }
        }
        links
    }

    /// Reads `<url>; rel="next", <url>; rel="last"` (RFC 8288): quoted or
    /// bare parameters, several space-separated rels, any whitespace.
    /// Malformed parts are skipped; the first link of each rel wins.
    fn parse(&mut self, text: &str) {
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after_open = &rest[open + 1..];
            let Some(close) = after_open.find('>') else {
                return;
            };
            let target = after_open[..close].trim();
            let (params, remainder) = link_params(&after_open[close + 1..]);
            rest = remainder;
            for (name, value) in params {
                if !name.eq_ignore_ascii_case("rel") {
                    continue;
                }
                for rel in value.split_ascii_whitespace() {
                    let slot = match rel.to_ascii_lowercase().as_str() {
                        "next" => &mut self.next,
                        "prev" | "previous" => &mut self.prev,
                        "first" => &mut self.first,
                        "last" => &mut self.last,
                        _ => continue,
                    };
                    if slot.is_none() {
                        *slot = Some(target.to_owned());
                    }
                }
            }
        }
    }
}

/// Parses `; name=value; name="quoted, value"` up to the `,` that ends one
/// link; returns the parameters and the text after that comma.
fn link_params(text: &str) -> (Vec<(&str, String)>, &str) {
    let mut params = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            return (params, after);
        }
        let Some(after_semicolon) = rest.strip_prefix(';') else {
            // Garbage: skip to the next link.
            return match rest.find(',') {
                Some(comma) if !rest.is_empty() => (params, &rest[comma + 1..]),
                _ => (params, ""),
            };
        };
        let end_of_name = after_semicolon
            .find(['=', ';', ','])
            .unwrap_or(after_semicolon.len());
        let name = after_semicolon[..end_of_name].trim();
        rest = &after_semicolon[end_of_name..];
        let Some(after_equals) = rest.strip_prefix('=') else {
            params.push((name, String::new()));
            continue;
        };
        let value_text = after_equals.trim_start();
        if let Some(quoted) = value_text.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, ch)) = chars.next() {
                match ch {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    _ => value.push(ch),
                }
            }
            params.push((name, value));
            rest = &quoted[end.min(quoted.len())..];
        } else {
            let end = value_text.find([';', ',']).unwrap_or(value_text.len());
            params.push((name, value_text[..end].trim().to_owned()));
            rest = &value_text[end..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    fn parse(text: &str) -> Links {
        let mut links = Links::default();
        links.parse(text);
        links
    }

    #[test]
    fn link_header_with_all_four_rels() {
        let links = parse(
            "<https://api.github.com/repositories/1/actions/runs?page=3>; rel=\"next\", \
             <https://api.github.com/repositories/1/actions/runs?page=5>; rel=\"last\", \
             <https://api.github.com/repositories/1/actions/runs?page=1>; rel=\"first\", \
             <https://api.github.com/repositories/1/actions/runs?page=1>; rel=\"prev\"",
        );
        assert_eq!(
            links.next.as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=3")
        );
        assert_eq!(
            links.last.as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=5")
        );
        assert_eq!(
            links.first.as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=1")
        );
        assert_eq!(
            links.prev.as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=1")
        );
    }

    #[test]
    fn link_header_tolerates_odd_spacing_params_and_case() {
        let links = parse(
            "  <https://x/a?labels=a,b&page=2> ;title=\"a; b, c\"; REL = next ,\
             <https://x/z>;rel=\"prev first\";type=\"text/html\",<https://x/l>;foo;rel=last",
        );
        assert_eq!(links.next.as_deref(), Some("https://x/a?labels=a,b&page=2"));
        assert_eq!(links.prev.as_deref(), Some("https://x/z"));
        assert_eq!(links.first.as_deref(), Some("https://x/z"));
        assert_eq!(links.last.as_deref(), Some("https://x/l"));
    }

    #[test]
    fn link_header_with_escapes_or_garbage_does_not_panic() {
        let links = parse("<https://x/1>; title=\"say \\\"hi\\\"\"; rel=\"next\"");
        assert_eq!(links.next.as_deref(), Some("https://x/1"));
        for text in [
            "",
            "<",
            "<https://x",
            "garbage, <https://x/2>; rel=next",
            ";;;",
            "<a>; rel=\"unterminated",
            "<ü>; rel=\"néxt\", <é>; rel=last",
        ] {
            let _ = parse(text);
        }
        assert_eq!(
            parse("garbage, <https://x/2>; rel=next").next.as_deref(),
            Some("https://x/2")
        );
        assert_eq!(parse("<é>; rel=last").last.as_deref(), Some("é"));
    }

    #[test]
    fn link_parser_survives_arbitrary_input() {
        // A deterministic generator over the characters the parser cares about.
        let alphabet: Vec<char> = "<>;,=\"\\ \trelnxt:/?é€".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let _ = parse(&text);
        }
    }

    #[test]
    fn several_link_headers_are_combined() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, "<https://x/2>; rel=\"next\"".parse().unwrap());
        headers.append(LINK, "<https://x/9>; rel=\"last\"".parse().unwrap());
        let links = Links::from_headers(&headers);
        assert_eq!(links.next.as_deref(), Some("https://x/2"));
        assert_eq!(links.last.as_deref(), Some("https://x/9"));
    }

    #[test]
    fn next_cursor_reads_after_from_the_next_link() {
        let page = Page {
            items: vec![1, 2],
            total_count: Some(2),
            next: Url::parse("https://api.github.com/r/groups?per_page=2&after=Y3Vyc29y%3D%3D")
                .ok(),
            prev: Url::parse("https://api.github.com/r/groups?before=abc").ok(),
            first: None,
            last: None,
        };
        assert_eq!(page.next_cursor().as_deref(), Some("Y3Vyc29y=="));
        assert_eq!(page.prev_cursor().as_deref(), Some("abc"));
        assert!(page.has_next());
        assert_eq!((&page).into_iter().sum::<i32>(), 3);
        assert_eq!(page.into_items(), vec![1, 2]);
    }

    #[tokio::test]
    async fn items_fetch_the_next_page_only_when_the_buffer_is_empty() {
        let fetches = Arc::new(AtomicUsize::new(0));
        let counter = fetches.clone();
        let stream = items(0u32, move |page| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                let items = vec![page * 10, page * 10 + 1];
                Ok((items, (page < 2).then_some(page + 1)))
            }
        });
        let mut stream = Box::pin(stream);
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            0,
            "nothing before the first poll"
        );
        assert_eq!(stream.next().await.unwrap().unwrap(), 0);
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            1,
            "second item comes from the buffer"
        );
        assert_eq!(stream.next().await.unwrap().unwrap(), 10);
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        let rest: Vec<u32> = stream.map(|r| r.unwrap()).collect().await;
        assert_eq!(rest, vec![11, 20, 21]);
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn items_skip_empty_pages_and_end_after_an_error() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let stream = items(0u32, move |page| {
            log.lock().unwrap().push(page);
            async move {
                match page {
                    0 => Ok((vec![], Some(1))),
                    1 => Ok((vec!["a"], Some(2))),
                    _ => Err(Error::Config {
                        message: "boom".into(),
                    }),
                }
            }
        });
        let results: Vec<_> = stream.collect().await;
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].as_ref().unwrap(), &"a");
        assert!(results[1].is_err());
        assert_eq!(*seen.lock().unwrap(), vec![0, 1, 2]);
    }
}
