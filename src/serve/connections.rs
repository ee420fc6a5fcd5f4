//! The explorer's accept loop: it serves each connection with hyper's HTTP/1 server under the
//! limits that keep one slow or hostile client from starving the others.
//!
//! - **Header-read timeout** ([`Limits::header_read_timeout`], 10 s): a client that has not
//!   sent a whole request head within it is disconnected; the clock starts when the connection
//!   opens and again each time a kept-alive connection waits for its next request, so it is the
//!   idle timeout too.
//! - **Write timeout** ([`Limits::write_timeout`], 30 s): a client that reads nothing of its
//!   answer for that long is disconnected.
//! - **Open connections** ([`Limits::max_connections`], 256): when all are taken, the oldest
//!   connection that is not being answered (idle, or still sending its head) is closed to make
//!   room, as nginx does with idle keep-alive connections; when every one is being answered, the
//!   new one waits in the system's queue. Descriptors stay bounded, and a real request is
//!   answered at once however many idle connections are open.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper::service::Service;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// Time a client has to send a request head (see the module documentation).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a client may leave its answer unread.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once.
pub const MAX_CONNECTIONS: usize = 256;

/// The limits of [`serve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub write_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serve `app` on `listener` until the process stops, within `limits`.
pub async fn serve(listener: TcpListener, app: axum::Router, limits: Limits) -> io::Result<()> {
    let open = Arc::new(Open::new(limits.max_connections.max(1)));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of descriptors or a connection reset before it was accepted: wait a little
            // and go on (what axum's own loop does).
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let slot = open.take().await;
        let app = app.clone();
        tokio::spawn(async move {
            let _ = stream.set_nodelay(true);
            let io = TokioIo::new(WriteTimeout::new(stream, limits.write_timeout));
            let service = Answer {
                inner: TowerToHyperService::new(app),
                slot: slot.slot.clone(),
            };
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            let conn = builder.serve_connection(io, service);
            tokio::select! {
                _ = conn => {}
                () = slot.slot.close.notified() => {}
            }
            drop(slot);
        });
    }
}

/// The open connections, oldest first.
struct Open {
    max: usize,
    slots: parking_lot::Mutex<(u64, BTreeMap<u64, Arc<Slot>>)>,
    freed: Notify,
}

/// One open connection: how many of its requests are being answered, and the signal that
/// closes it.
#[derive(Default)]
struct Slot {
    busy: AtomicUsize,
    close: Notify,
}

/// A connection's place among the open ones, given back when it is dropped.
struct Taken {
    id: u64,
    slot: Arc<Slot>,
    open: Arc<Open>,
}

impl Drop for Taken {
    fn drop(&mut self) {
        self.open.slots.lock().1.remove(&self.id);
        self.open.freed.notify_one();
    }
}

impl Open {
    fn new(max: usize) -> Self {
        Open {
            max,
            slots: parking_lot::Mutex::new((0, BTreeMap::new())),
            freed: Notify::new(),
        }
    }

    /// A place for a new connection: at once when there is room, else after closing the
    /// oldest connection not being answered, else when one closes.
    async fn take(self: &Arc<Self>) -> Taken {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            {
                let mut slots = self.slots.lock();
                let (next, open) = &mut *slots;
                if open.len() < self.max {
                    let id = *next;
                    *next += 1;
                    let slot = Arc::new(Slot::default());
                    open.insert(id, slot.clone());
                    return Taken {
                        id,
                        slot,
                        open: self.clone(),
                    };
                }
                if let Some(idle) = open.values().find(|s| s.busy.load(Ordering::SeqCst) == 0) {
                    idle.close.notify_one();
                }
            }
            freed.await;
        }
    }
}

/// Marks a connection as being answered while it lives (the request's handler, then the
/// answer's body until it is sent).
struct Busy(Arc<Slot>);

impl Busy {
    fn new(slot: &Arc<Slot>) -> Self {
        slot.busy.fetch_add(1, Ordering::SeqCst);
        Busy(slot.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The router as a hyper service that marks its connection busy while it answers.
#[derive(Clone)]
struct Answer {
    inner: TowerToHyperService<axum::Router>,
    slot: Arc<Slot>,
}

impl Service<hyper::Request<Incoming>> for Answer {
    type Response = hyper::Response<Sending>;
    type Error = Infallible;
    type Future =
        Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

    fn call(&self, req: hyper::Request<Incoming>) -> Self::Future {
        let busy = Busy::new(&self.slot);
        let answer = self.inner.call(req);
        Box::pin(async move {
            let resp = answer.await?;
            Ok(resp.map(|body| Sending { body, _busy: busy }))
        })
    }
}

/// An answer's body, keeping its connection marked busy until it is sent.
struct Sending {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for Sending {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A TCP stream whose writes fail with `TimedOut` when the client reads nothing for `limit`.
struct WriteTimeout {
    stream: TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl WriteTimeout {
    fn new(stream: TcpStream, limit: Duration) -> Self {
        WriteTimeout {
            stream,
            limit,
            stalled: None,
        }
    }

    /// `poll` of a write: progress resets the clock; a write pending past the limit fails.
    fn timed<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(r) => {
                self.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let limit = self.limit;
                let stalled = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                match stalled.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "client read nothing of its answer",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl AsyncRead for WriteTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.timed(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.timed(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.timed(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
