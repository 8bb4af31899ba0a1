package dev.cnimetrics.httpclient;

import dev.cnimetrics.config.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 requests with every dimension bounded: connect timeout, one deadline for the whole
 * exchange (head and body), and a body size limit enforced while reading, so a slow, endless or
 * huge response costs at most the deadline and {@code maxBytes} of heap.
 *
 * <p>One connection per request ({@code Connection: close}) on a plain {@link Socket}: the agent
 * asks ipamd once per refresh and IMDS once at start, both on the node itself. The JDK's {@code
 * java.net.http} client did the same job with a selector thread and ~650 more loaded classes (its
 * TLS context is built even for plain HTTP), about 4 MiB of the agent's resident memory; TLS is
 * loaded here only for an {@code https} URL.
 */
public final class BoundedHttpClient {

  private final Duration connectTimeout;
  private final Duration deadline;
  private final int maxBytes;

  public BoundedHttpClient(Duration connectTimeout, Duration deadline, int maxBytes) {
    this.connectTimeout = connectTimeout;
    this.deadline = deadline;
    this.maxBytes = maxBytes;
  }

  /**
   * Sends {@code method url} with these headers (and no body) and returns the complete response,
   * whatever its status.
   */
  public HttpResult send(String method, URI url, Map<String, String> headers)
      throws FetchException {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    boolean tls = url.getScheme().equalsIgnoreCase("https");
    String host = url.getHost();
    int port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
    ResponseReader reader = null;
    try (Socket socket = connect(host, port)) {
      Socket s = tls ? tls(socket, host, port) : socket;
      OutputStream out = s.getOutputStream();
      out.write(request(method, url, headers, host, port, tls));
      out.flush();
      reader = new ResponseReader(s, deadlineNanos, maxBytes);
      return reader.read();
    } catch (ResponseReader.Failure e) {
      throw new FetchException(e.getMessage());
    } catch (ResponseReader.Late e) {
      throw new FetchException("no complete response within " + Durations.format(deadline));
    } catch (IOException e) {
      throw new FetchException(describe(e, reader != null && reader.headReceived()));
    }
  }

  private Socket connect(String host, int port) throws IOException {
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetSocketAddress address = new InetSocketAddress(literal, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException(host);
    }
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new ConnectTimeout();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** TLS over the connected socket, the host name checked against the certificate. */
  private static Socket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket s =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters parameters = s.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(parameters);
    return s;
  }

  private static byte[] request(
      String method, URI url, Map<String, String> headers, String host, int port, boolean tls) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder r = new StringBuilder(256);
    r.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
    if (port != (tls ? 443 : 80)) {
      r.append(':').append(port);
    }
    r.append("\r\nConnection: close\r\n");
    headers.forEach((name, value) -> r.append(name).append(": ").append(value).append("\r\n"));
    if (!method.equals("GET") && !method.equals("HEAD")) {
      r.append("Content-Length: 0\r\n");
    }
    return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private String describe(IOException e, boolean headReceived) {
    if (e instanceof ConnectTimeout) {
      return "no connection within " + Durations.format(connectTimeout);
    }
    if (e instanceof UnknownHostException) {
      return "cannot resolve the host name";
    }
    if (e instanceof ConnectException) {
      String message = e.getMessage();
      return message == null || message.toLowerCase(Locale.ROOT).contains("refused")
          ? "connection refused"
          : "cannot connect: " + oneLine(message);
    }
    if (e instanceof SSLException) {
      return "TLS failed: " + oneLine(String.valueOf(e.getMessage()));
    }
    return headReceived
        ? "connection closed before the response body was complete"
        : "connection closed before a response was received";
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  /** The connect timeout passed (told apart from the deadline of the whole exchange). */
  private static final class ConnectTimeout extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
