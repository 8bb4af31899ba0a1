package dev.cnimetrics.httpserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared bearer token kept in a file (a mounted Kubernetes Secret): the server side checks it on
 * the routes it guards, the client side sends it. The file is read again at most once a second, so
 * a rotated Secret (the kubelet swaps the mounted file atomically) takes effect without a restart;
 * when a later read fails or finds no valid token, the last good token stays in use and one line
 * says why. The token itself never appears in a message.
 *
 * <p>A server may also accept a second token from another file, for a rotation without 401s
 * (install/README.md, "Rotating the token"): servers first accept the next token beside the current
 * one, then clients send it, then the old one goes. That file is optional and read on the same
 * schedule; absent, it accepts nothing more; holding no valid token, it accepts nothing more and
 * one line says why. Clients always send the main token.
 */
public final class BearerToken {
  private static final Logger log = LoggerFactory.getLogger(BearerToken.class);
  // RFC 6750's b64token; 16 characters at least so that a placeholder such as "changeme" is
  // refused.
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,4096}=*");
  private static final String EXPECTED =
      "a file holding one bearer token of 16 to 4096 characters A-Z a-z 0-9 - . _ ~ + /"
          + " (then = padding)";
  private static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A token file that cannot be used; the message is the one line to print. */
  public static final class InvalidTokenFile extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenFile(String message) {
      super(message, null, false, false);
    }
  }

  private final String source;
  private final Path file;
  private final LongSupplier nanoTime;
  private byte[] digest;
  private String token;
  private long readAt;
  private String lastProblem;
  private String acceptSource;
  private Path acceptFile;
  private byte[] acceptDigest;
  private String acceptState = "";

  private BearerToken(String source, Path file, LongSupplier nanoTime, String token, long now) {
    this.source = source;
    this.file = file;
    this.nanoTime = nanoTime;
    this.token = token;
    this.digest = sha256(token);
    this.readAt = now;
  }

  /**
   * Also accepts the token in {@code file} when it holds one (read now, then at most once a
   * second).
   *
   * @param source what configured the file, for messages ({@code --auth-accept-token-file})
   */
  public synchronized BearerToken alsoAccepting(String source, Path file) {
    this.acceptSource = source;
    this.acceptFile = file;
    readAccepted();
    return this;
  }

  /** The second accepted token's digest, or null; one line when what the file holds changes. */
  private void readAccepted() {
    String state;
    byte[] accepted = null;
    try {
      String text = Files.readString(acceptFile, StandardCharsets.UTF_8).strip();
      if (TOKEN.matcher(text).matches()) {
        accepted = sha256(text);
        state = "token";
      } else {
        state =
            acceptSource
                + ": expected "
                + EXPECTED
                + ", found "
                + acceptFile
                + " with "
                + whatIsWrong(text)
                + "; only the token of "
                + source
                + " is accepted";
      }
    } catch (NoSuchFileException e) {
      state = "absent";
    } catch (IOException | RuntimeException e) {
      state =
          acceptSource
              + ": "
              + acceptFile
              + " unreadable ("
              + e.getClass().getSimpleName()
              + "); only the token of "
              + source
              + " is accepted";
    }
    boolean changed = !state.equals(acceptState) || !Arrays.equals(accepted, acceptDigest);
    acceptDigest = accepted;
    if (changed) {
      if (accepted != null) {
        log.info(
            "{}: {} holds a token; it is accepted besides the token of {}",
            acceptSource,
            acceptFile,
            source);
      } else if (state.equals("absent")) {
        if (!acceptState.isEmpty()) {
          log.info(
              "{}: {} is gone; only the token of {} is accepted", acceptSource, acceptFile, source);
        }
      } else {
        log.warn("{}", state);
      }
      acceptState = state;
    }
  }

  /**
   * Reads the token now.
   *
   * @param source what configured the file, for messages ({@code --auth-token-file})
   */
  public static BearerToken fromFile(String source, Path file) throws InvalidTokenFile {
    return fromFile(source, file, System::nanoTime);
  }

  static BearerToken fromFile(String source, Path file, LongSupplier nanoTime)
      throws InvalidTokenFile {
    long now = nanoTime.getAsLong();
    return new BearerToken(source, file, nanoTime, read(source, file), now);
  }

  private static String read(String source, Path file) throws InvalidTokenFile {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidTokenFile(source + ": expected " + EXPECTED + ", found no file " + file);
    } catch (IOException | RuntimeException e) {
      throw new InvalidTokenFile(
          source
              + ": expected "
              + EXPECTED
              + ", found "
              + file
              + " unreadable ("
              + e.getClass().getSimpleName()
              + ")");
    }
    // A Secret written with `echo` or `kubectl create secret --from-file` may end in a newline.
    String token = text.strip();
    if (!TOKEN.matcher(token).matches()) {
      throw new InvalidTokenFile(
          source + ": expected " + EXPECTED + ", found " + file + " with " + whatIsWrong(token));
    }
    return token;
  }

  /** What makes a file's content no token, without showing it. */
  private static String whatIsWrong(String text) {
    return text.length() < 16 || text.length() > 4096
        ? text.length() + " characters"
        : "a character outside that set";
  }

  /** The token to send, as read last (at most a second ago). */
  public synchronized String current() {
    refresh();
    return token;
  }

  /** The {@code Authorization} header value a client sends. */
  public String header() {
    return "Bearer " + current();
  }

  /**
   * Why this request may not have the guarded answer (the one line of the 401), or empty when it
   * carries this token. The comparison takes the same time whatever the token sent: both sides are
   * compared as SHA-256 digests with {@link MessageDigest#isEqual}.
   */
  public Optional<String> refusal(Request request) {
    List<String> values = request.header("Authorization");
    if (values.isEmpty()) {
      return Optional.of(
          request.path() + " needs the header \"Authorization: Bearer <token>\", found none");
    }
    String value = values.get(0);
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (values.size() > 1 || !scheme.equalsIgnoreCase("Bearer")) {
      return Optional.of(
          request.path()
              + " needs the header \"Authorization: Bearer <token>\", found "
              + (values.size() > 1
                  ? values.size() + " Authorization headers"
                  : "the scheme \"" + printable(scheme) + "\""));
    }
    byte[] sent = sha256(value.substring(space + 1).strip());
    byte[] expected;
    byte[] accepted;
    synchronized (this) {
      refresh();
      expected = digest;
      accepted = acceptDigest;
    }
    // Both comparisons run whatever the first gives, so the time says nothing about which failed.
    boolean isToken = MessageDigest.isEqual(sent, expected);
    boolean isAccepted = MessageDigest.isEqual(sent, accepted != null ? accepted : expected);
    if (!(isToken | (accepted != null & isAccepted))) {
      return Optional.of(request.path() + ": the bearer token sent is not the one expected");
    }
    return Optional.empty();
  }

  private void refresh() {
    long now = nanoTime.getAsLong();
    if (now - readAt < REREAD_NANOS) {
      return;
    }
    readAt = now;
    if (acceptFile != null) {
      readAccepted();
    }
    try {
      String fresh = read(source, file);
      if (!fresh.equals(token)) {
        token = fresh;
        digest = sha256(fresh);
        log.info("{}: token file {} changed; the new token is in use", source, file);
      }
      lastProblem = null;
    } catch (InvalidTokenFile e) {
      if (!e.getMessage().equals(lastProblem)) {
        log.warn("{}; the last good token stays in use", e.getMessage());
        lastProblem = e.getMessage();
      }
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
