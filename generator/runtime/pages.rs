//! Pagination: a paginated operation's pages and items as streams, every page sent like one call.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Call, Error, HeaderMap, Next, Response};

/// How an operation's pages follow one another.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// A page number, counting from `first`.
    Page { first: u64 },
    /// An offset, advanced by the number of items received.
    Offset,
    /// A cursor read from each page.
    Cursor,
    /// A URL read from each page, followed on the request's origin only.
    Url,
}

/// What one page says about the next, read by the generated `Paginated::view`.
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageView {
    /// How many items the page holds.
    pub items: usize,
    /// The next cursor or URL, when the operation has one: `Some(None)` says there is none.
    pub next: Option<Option<String>>,
    pub has_more: Option<bool>,
    pub total_pages: Option<u64>,
    pub total_count: Option<u64>,
}

/// The future of one page's response: the call of its request.
#[doc(hidden)]
pub type PageFuture<P> = Call<Response<<P as Paginated>::Body, <P as Paginated>::Headers>, <P as Paginated>::Error>;

/// A request builder whose operation pages (implemented by generated code).
#[doc(hidden)]
pub trait Paginated: Clone + Send + Unpin + 'static {
    type Body: Send + 'static;
    type Headers: Send + 'static;
    type Error: Send + 'static;
    type Item: Send + 'static;
    const ADVANCE: Advance;
    /// The page number or offset the request asks for (0 for cursors and URLs).
    fn start(&self) -> u64;
    /// The page size asked for (the parameter's value or its documented default).
    fn limit(&self) -> Option<u64>;
    /// Sends this request, through the same retries, timeouts and hooks as a single call.
    fn send_page(self) -> PageFuture<Self>;
    /// Makes this the request of the next page.
    fn advance(&mut self, next: Next<'_>) -> Result<(), String>;
    fn view(body: &Self::Body, headers: &HeaderMap) -> PageView;
    fn into_items(body: Self::Body) -> Vec<Self::Item>;
}

/// Where the stream is: the page number or offset of the page just received, the items and
/// pages so far, and the last cursor (a server repeating one would page forever).
#[derive(Debug, Default)]
struct Position {
    at: u64,
    seen: u64,
    pages: u64,
    last_token: Option<String>,
}

/// The next page after one described by `view`, or `None` when it was the last: an empty page,
/// `has_more: false`, no next cursor or URL, `total_pages` or `total_count` reached, or (when the
/// page says nothing of what follows) fewer items than the limit asked for.
fn next_after(advance: Advance, position: &mut Position, view: &PageView, limit: Option<u64>) -> Option<Owned> {
    let count = u64::try_from(view.items).unwrap_or(u64::MAX);
    position.seen = position.seen.saturating_add(count);
    position.pages = position.pages.saturating_add(1);
    if count == 0 || view.has_more == Some(false) || view.next == Some(None) {
        return None;
    }
    if let Some(total_pages) = view.total_pages {
        let page = match advance {
            Advance::Page { first } => position.at.saturating_sub(first).saturating_add(1),
            _ => position.pages,
        };
        if page >= total_pages {
            return None;
        }
    }
    if let Some(total_count) = view.total_count {
        let reached = match (advance, limit) {
            (Advance::Offset, _) => position.at.saturating_add(count),
            // A server sending more than the limit has covered at least what was received.
            (Advance::Page { first }, Some(limit)) => {
                position.at.saturating_sub(first).saturating_mul(limit).saturating_add(count).max(position.seen)
            }
            _ => position.seen,
        };
        if reached >= total_count {
            return None;
        }
    }
    let told =
        view.has_more.is_some() || view.next.is_some() || view.total_pages.is_some() || view.total_count.is_some();
    if !told && limit.is_some_and(|limit| count < limit) {
        return None;
    }
    match advance {
        Advance::Page { .. } => {
            position.at = position.at.saturating_add(1);
            Some(Owned::Number(position.at))
        }
        Advance::Offset => {
            // By what was received, not by the limit: a server may cap or ignore it.
            position.at = position.at.saturating_add(count);
            Some(Owned::Number(position.at))
        }
        Advance::Cursor | Advance::Url => {
            let token = view.next.clone().flatten()?;
            if position.last_token.as_ref() == Some(&token) {
                return None;
            }
            position.last_token = Some(token.clone());
            Some(Owned::Token(token))
        }
    }
}

/// An owned [`Next`].
#[derive(Debug, PartialEq, Eq)]
enum Owned {
    Number(u64),
    Token(String),
}

/// Every page of a paginated operation's results, each with its status and headers, fetched one
/// after the other as the stream is polled. It ends after the last page, or after yielding the
/// first error; `max_pages` bounds it. Dropping it stops fetching.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P: Paginated> {
    request: Option<P>,
    in_flight: Option<PageFuture<P>>,
    /// An error met preparing the next request, yielded on the next poll.
    pending: Option<Error<P::Error>>,
    position: Position,
    max_pages: Option<u64>,
}

impl<P: Paginated> Pages<P> {
    // Plumbing: the builder's `pages()` starts it.
    #[doc(hidden)]
    pub fn new(request: P) -> Self {
        let position = Position { at: request.start(), ..Position::default() };
        Pages { request: Some(request), in_flight: None, pending: None, position, max_pages: None }
    }

    /// Stops after `pages` pages (none are fetched beyond it).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The items of every page, one by one.
    pub fn items(self) -> Items<P> {
        Items { pages: self, buffered: VecDeque::new(), yielded: 0, max_items: None, done: false }
    }

    /// Reads `page` and prepares the request of the next one, if any.
    fn after(&mut self, page: &Response<P::Body, P::Headers>) {
        let Some(request) = self.request.as_mut() else { return };
        let view = P::view(&page.body, &page.raw_headers);
        let next = next_after(P::ADVANCE, &mut self.position, &view, request.limit());
        let advanced = match &next {
            None => {
                self.request = None;
                return;
            }
            Some(Owned::Number(number)) => request.advance(Next::Number(*number)),
            Some(Owned::Token(token)) => request.advance(Next::Token(token)),
        };
        if let Err(message) = advanced {
            self.request = None;
            self.pending = Some(Error::InvalidRequest(message));
        }
    }
}

// Nothing is pinned in place: the page in flight is boxed.
impl<P: Paginated> Unpin for Pages<P> {}

impl<P: Paginated> futures_util::Stream for Pages<P> {
    type Item = Result<Response<P::Body, P::Headers>, Error<P::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.pending.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if this.in_flight.is_none() {
            let Some(request) = this.request.as_ref() else { return Poll::Ready(None) };
            if this.max_pages.is_some_and(|max| this.position.pages >= max) {
                this.request = None;
                return Poll::Ready(None);
            }
            this.in_flight = Some(request.clone().send_page());
        }
        let Some(in_flight) = this.in_flight.as_mut() else { return Poll::Ready(None) };
        let result = futures_util::ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        match result {
            Ok(page) => {
                this.after(&page);
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => {
                this.request = None;
                Poll::Ready(Some(Err(error)))
            }
        }
    }
}

impl<P: Paginated> futures_util::stream::FusedStream for Pages<P> {
    fn is_terminated(&self) -> bool {
        self.request.is_none() && self.in_flight.is_none() && self.pending.is_none()
    }
}

impl<P: Paginated> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("pages", &self.position.pages).field("items", &self.position.seen).finish()
    }
}

/// The items of every page of a paginated operation's results, one by one; pages are fetched
/// as the items run out. It ends after the last item, or after yielding the first error;
/// `max_items` bounds it (the page holding the last one is the last fetched).
#[must_use = "streams do nothing unless polled"]
pub struct Items<P: Paginated> {
    pages: Pages<P>,
    buffered: VecDeque<P::Item>,
    yielded: u64,
    max_items: Option<u64>,
    done: bool,
}

impl<P: Paginated> Items<P> {
    // Plumbing: the builder's `items()` starts it.
    #[doc(hidden)]
    pub fn new(request: P) -> Self {
        Pages::new(request).items()
    }

    /// Stops after `items` items.
    pub fn max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }

    /// Stops after the items of `pages` pages.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.pages.max_pages = Some(pages);
        self
    }
}

impl<P: Paginated> Unpin for Items<P> {}

impl<P: Paginated> futures_util::Stream for Items<P> {
    type Item = Result<P::Item, Error<P::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done || this.max_items.is_some_and(|max| this.yielded >= max) {
                this.done = true;
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffered.pop_front() {
                this.yielded += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match futures_util::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffered.extend(P::into_items(page.body)),
                Some(Err(error)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                None => {
                    this.done = true;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl<P: Paginated> futures_util::stream::FusedStream for Items<P> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<P: Paginated> std::fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("yielded", &self.yielded).field("pages", &self.pages).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(items: usize) -> PageView {
        PageView { items, ..PageView::default() }
    }

    fn run(advance: Advance, start: u64, limit: Option<u64>, views: &[PageView]) -> Vec<Option<Owned>> {
        let mut position = Position { at: start, ..Position::default() };
        views.iter().map(|view| next_after(advance, &mut position, view, limit)).collect()
    }

    #[test]
    fn pages_count_up_until_total_pages() {
        let page = PageView { total_pages: Some(3), ..view(2) };
        let steps = run(Advance::Page { first: 1 }, 1, Some(2), &[page.clone(), page.clone(), page]);
        assert_eq!(steps, [Some(Owned::Number(2)), Some(Owned::Number(3)), None]);
    }

    #[test]
    fn offsets_advance_by_what_was_received_until_total_count() {
        // The server ignores `limit: 2` and sends 3 items a page.
        let page = PageView { total_count: Some(7), ..view(3) };
        let steps = run(Advance::Offset, 0, Some(2), &[page.clone(), page.clone(), PageView { items: 1, ..page }]);
        assert_eq!(steps, [Some(Owned::Number(3)), Some(Owned::Number(6)), None]);
    }

    #[test]
    fn without_other_signals_fewer_items_than_the_limit_end_and_an_empty_page_always_does() {
        assert_eq!(run(Advance::Offset, 0, Some(3), &[view(3), view(2)]), [Some(Owned::Number(3)), None]);
        assert_eq!(run(Advance::Offset, 0, None, &[view(3), view(0)]), [Some(Owned::Number(3)), None]);
        // A page that says more follow is believed over its size.
        let more = PageView { has_more: Some(true), next: None, ..view(1) };
        assert_eq!(run(Advance::Page { first: 0 }, 0, Some(3), &[more]), [Some(Owned::Number(1))]);
    }

    #[test]
    fn cursors_end_without_a_next_one_with_has_more_false_or_when_repeated() {
        let next = |token: &str| PageView { next: Some(Some(token.to_owned())), ..view(1) };
        let steps = run(Advance::Cursor, 0, None, &[next("a"), next("b"), next("b")]);
        assert_eq!(steps, [Some(Owned::Token("a".into())), Some(Owned::Token("b".into())), None]);
        assert_eq!(run(Advance::Cursor, 0, None, &[PageView { next: Some(None), ..view(1) }]), [None]);
        let last = PageView { has_more: Some(false), ..next("c") };
        assert_eq!(run(Advance::Cursor, 0, None, &[last]), [None]);
    }
}
