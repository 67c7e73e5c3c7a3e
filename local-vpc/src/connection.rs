//! TCP connections that the server can cut.
//!
//! [`Fault::DropConnection`](crate::Fault::DropConnection) must close a connection
//! without sending a byte, and dropping a [`LocalVpc`](crate::LocalVpc) must close idle
//! keep-alive connections too, or a client would keep talking to a stopped server.
//! axum's handlers cannot reach their socket, so every accepted stream is wrapped with a
//! [`KillSwitch`], handed to handlers through `ConnectInfo`: once the switch is thrown,
//! every read and write fails, and hyper drops (closes) the socket.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Cuts one connection. Shared by the stream, its handlers and the server's registry.
#[derive(Debug, Default)]
pub(crate) struct KillSwitch {
    killed: AtomicBool,
    /// The task waiting to read, woken on a kill so an idle connection closes at once.
    reader: Mutex<Option<Waker>>,
}

impl KillSwitch {
    /// Makes every further read and write on the connection fail.
    pub(crate) fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        let waker = self
            .reader
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn is_killed(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }

    fn park_reader(&self, waker: &Waker) {
        *self.reader.lock().unwrap_or_else(PoisonError::into_inner) = Some(waker.clone());
    }
}

/// What a handler knows about its connection (via `ConnectInfo`).
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    /// The client's address.
    #[allow(dead_code)] // kept for debugging output; handlers only use the switch
    pub(crate) peer: SocketAddr,
    pub(crate) switch: Arc<KillSwitch>,
}

impl Connected<IncomingStream<'_, TrackingListener>> for Connection {
    fn connect_info(stream: IncomingStream<'_, TrackingListener>) -> Self {
        stream.remote_addr().clone()
    }
}

/// Called with each accepted connection's switch (to count and register it).
pub(crate) type OnAccept = Box<dyn Fn(&Arc<KillSwitch>) + Send + Sync>;

/// A TCP listener whose connections can be cut.
pub(crate) struct TrackingListener {
    inner: TcpListener,
    on_accept: OnAccept,
}

impl TrackingListener {
    pub(crate) fn new(inner: TcpListener, on_accept: OnAccept) -> Self {
        TrackingListener { inner, on_accept }
    }
}

impl Listener for TrackingListener {
    type Io = KillableStream;
    type Addr = Connection;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, peer)) => {
                    let switch = Arc::new(KillSwitch::default());
                    (self.on_accept)(&switch);
                    let io = KillableStream {
                        inner: stream,
                        switch: Arc::clone(&switch),
                    };
                    return (io, Connection { peer, switch });
                }
                // As axum's own TCP listener does: a failed handshake is the client's
                // problem; anything else (e.g. out of file descriptors) deserves a pause.
                Err(error) if is_connection_error(&error) => {}
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(Connection {
            peer: self.inner.local_addr()?,
            switch: Arc::new(KillSwitch::default()),
        })
    }
}

/// Errors that concern one connection, not the listener.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A TCP stream that fails every operation once its switch is thrown.
#[derive(Debug)]
pub(crate) struct KillableStream {
    inner: TcpStream,
    switch: Arc<KillSwitch>,
}

/// The error every operation returns after a kill.
fn killed() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by local-vpc",
    )
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if poll.is_pending() {
            self.switch.park_reader(cx.waker());
            // A kill between the first check and parking would otherwise go unnoticed.
            if self.switch.is_killed() {
                return Poll::Ready(Err(killed()));
            }
        }
        poll
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
