package dev.cnimetrics.httpclient;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a socket against a deadline: before every read the socket's
 * timeout is set to the time left, so a stalled or trickling peer (head or body) costs at most the
 * deadline. The body is collected up to {@code maxBytes}; framing by {@code Content-Length}, {@code
 * Transfer-Encoding: chunked} or the end of the connection (RFC 9112, section 6.3).
 */
final class ResponseReader {

  /** Why a response could not be read; the message is the one line the caller reports. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The deadline passed. */
  static final class Late extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** A status line and headers longer than this are not an ipamd or IMDS answer. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private static final String HTTP = "HTTP/";

  private final Socket socket;
  private final InputStream in;
  private final long deadlineNanos;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;
  private int headBytes;
  private boolean headDone;

  ResponseReader(Socket socket, long deadlineNanos, int maxBytes) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.deadlineNanos = deadlineNanos;
    this.maxBytes = maxBytes;
  }

  /** True once the status line and every header arrived. */
  boolean headReceived() {
    return headDone;
  }

  HttpResult read() throws IOException, Failure {
    int status;
    long contentLength;
    boolean chunked;
    do {
      String statusLine = line(true, true);
      status = status(statusLine);
      contentLength = -1;
      chunked = false;
      for (String line = headLine(); !line.isEmpty(); line = headLine()) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw notHttp();
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          contentLength = contentLength(value);
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        }
      }
    } while (status / 100 == 1);
    headDone = true;
    if (status == 204 || status == 304) {
      return new HttpResult(status, new byte[0]);
    }
    Body body = new Body();
    if (chunked) {
      readChunked(body);
    } else if (contentLength >= 0) {
      if (contentLength > maxBytes) {
        throw tooLarge();
      }
      body.copy((int) contentLength);
    } else {
      body.copyToEnd();
    }
    return new HttpResult(status, body.bytes());
  }

  private void readChunked(Body body) throws IOException, Failure {
    while (true) {
      String sizeLine = bodyLine();
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new Failure("malformed chunk size in the response body: \"" + shorten(hex) + "\"");
      }
      if (size == 0) {
        while (!bodyLine().isEmpty()) {
          // trailer fields: nothing here uses them
        }
        return;
      }
      if (size > maxBytes - body.size) {
        throw tooLarge();
      }
      body.copy((int) size);
      if (!bodyLine().isEmpty()) {
        throw new Failure("malformed chunked response body: no CRLF after a chunk");
      }
    }
  }

  /** A growing byte array that never holds more than {@code maxBytes}. */
  private final class Body {
    private byte[] bytes = new byte[0];
    private int size;

    void copy(int n) throws IOException, Failure {
      ensure(size + n);
      int left = n;
      while (left > 0) {
        if (pos == limit && !fill()) {
          throw new EOFException();
        }
        int take = Math.min(left, limit - pos);
        System.arraycopy(buffer, pos, bytes, size, take);
        pos += take;
        size += take;
        left -= take;
      }
    }

    void copyToEnd() throws IOException, Failure {
      while (pos < limit || fill()) {
        int take = limit - pos;
        if (take > maxBytes - size) {
          throw tooLarge();
        }
        ensure(size + take);
        System.arraycopy(buffer, pos, bytes, size, take);
        pos += take;
        size += take;
      }
    }

    private void ensure(int needed) {
      if (needed > bytes.length) {
        int grown = (int) Math.min(maxBytes, Math.max(needed, Math.max(8192L, bytes.length * 2L)));
        bytes = Arrays.copyOf(bytes, grown);
      }
    }

    byte[] bytes() {
      return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }
  }

  private String headLine() throws IOException, Failure {
    return line(true, false);
  }

  private String bodyLine() throws IOException, Failure {
    return line(false, false);
  }

  /**
   * One line ending in LF (a CR before it is dropped), ISO-8859-1 as HTTP's head is. A status line
   * that does not start with {@code HTTP/} fails at its fifth byte, not at a newline that binary
   * garbage may never contain.
   */
  private String line(boolean head, boolean statusLine) throws IOException, Failure {
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos == limit && !fill()) {
        throw new EOFException();
      }
      byte b = buffer[pos++];
      if (head && ++headBytes > MAX_HEAD_BYTES) {
        throw new Failure("response head exceeds " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        int end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\r') {
          s.setLength(end - 1);
        }
        return s.toString();
      }
      if (s.length() >= MAX_HEAD_BYTES) {
        throw new Failure("a line in the response body exceeds " + MAX_HEAD_BYTES + " bytes");
      }
      s.append((char) (b & 0xff));
      if (statusLine && s.length() == HTTP.length() && !HTTP.contentEquals(s)) {
        throw notHttp();
      }
    }
  }

  /** Reads more bytes into the empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new Late();
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    int n;
    try {
      n = in.read(buffer);
    } catch (SocketTimeoutException e) {
      throw new Late();
    }
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private static int status(String line) throws Failure {
    // HTTP/1.x NNN [reason]
    if (line.length() < 12
        || !line.startsWith("HTTP/1.")
        || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw notHttp();
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw notHttp();
      }
      status = status * 10 + (c - '0');
    }
    return status;
  }

  private static long contentLength(String value) throws Failure {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Failure("malformed Content-Length \"" + shorten(value) + "\"");
  }

  private Failure tooLarge() {
    return new Failure("response body exceeds " + maxBytes + " bytes");
  }

  private static Failure notHttp() {
    return new Failure("the answer is not an HTTP response");
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
  }
}
