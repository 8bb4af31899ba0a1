package dev.cnimetrics.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (port 0) whose answers a test scripts byte by byte, so it can
 * misbehave in ways a well-behaved server library cannot: stall, trickle, truncate, never end. It
 * stands in for ipamd and for IMDS, neither of which can run here. Records every request and how
 * many body bytes it wrote, and whether the client hung up on it.
 */
public final class FakeHttpServer implements AutoCloseable {

  /** A request as the server read it (header names lower-cased). */
  public record Request(String method, String path, Map<String, String> headers) {}

  /** Writes the whole answer to one request; may block, loop or close early. */
  @FunctionalInterface
  public interface Responder {
    void respond(Request request, Answer answer) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final AtomicReference<Responder> responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicLong bodyBytesWritten = new AtomicLong();
  private final AtomicLong clientHangups = new AtomicLong();
  private final Thread acceptor;

  public FakeHttpServer(Responder responder) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.responder = new AtomicReference<>(responder);
    this.acceptor = new Thread(this::acceptLoop, "fake-http-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Always answers with this status, content type and body. */
  public static Responder fixed(int status, String contentType, byte[] body) {
    return (request, answer) -> answer.status(status, contentType, body);
  }

  public void setResponder(Responder next) {
    responder.set(next);
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public long bodyBytesWritten() {
    return bodyBytesWritten.get();
  }

  /** How many answers ended because the client closed the connection while the server wrote. */
  public long clientHangups() {
    return clientHangups.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "fake-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      Request request = readRequest(s.getInputStream());
      if (request == null) {
        return;
      }
      requests.add(request);
      responder.get().respond(request, new Answer(s.getOutputStream()));
    } catch (IOException e) {
      if (!socket.isClosed()) {
        clientHangups.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(s);
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] first = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
    in.readNBytes((int) length);
    return new Request(first[0], first.length > 1 ? first[1] : "", headers);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : new ArrayList<>(open)) {
      s.close();
    }
  }

  /** The raw connection of one answer. */
  public final class Answer {
    private final OutputStream out;

    Answer(OutputStream out) {
      this.out = out;
    }

    /** A complete response with Content-Length. */
    public void status(int status, String contentType, byte[] body) throws IOException {
      head(status, "Content-Type: " + contentType + "\r\nContent-Length: " + body.length);
      body(body);
    }

    /** The status line and headers (plus "Connection: close"); no body. */
    public void head(int status, String headers) throws IOException {
      String head = "HTTP/1.1 " + status + " X\r\n" + headers + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** Body bytes, counted. */
    public void body(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      bodyBytesWritten.addAndGet(bytes.length);
    }

    /** Bytes that are not counted as body (e.g. chunk framing, or garbage instead of HTTP). */
    public void raw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }
  }
}
