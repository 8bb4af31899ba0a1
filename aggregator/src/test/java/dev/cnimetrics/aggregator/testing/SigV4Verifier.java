package dev.cnimetrics.aggregator.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header the way the service does, written
 * from the published SigV4 steps: canonical request → string to sign → signing key (HMAC chain over
 * date, region, service, "aws4_request") → signature. Returns null when valid, else the reason.
 */
public final class SigV4Verifier {
  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
              + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  public SigV4Verifier(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  /**
   * @param headers lower-case header name → values as received
   */
  public String verify(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String auth = first(headers, "authorization");
    if (auth == null) {
      return "no Authorization header";
    }
    Matcher m = AUTH.matcher(auth);
    if (!m.matches()) {
      return "malformed Authorization header: " + auth;
    }
    if (!m.group(1).equals(accessKey)
        || !m.group(3).equals(region)
        || !m.group(4).equals(service)) {
      return "wrong credential scope: " + m.group(1) + "/" + m.group(3) + "/" + m.group(4);
    }
    String amzDate = first(headers, "x-amz-date");
    if (amzDate == null || !amzDate.startsWith(m.group(2))) {
      return "x-amz-date " + amzDate + " does not match the scope date " + m.group(2);
    }
    String payloadHash = hex(sha256(body));
    String declared = first(headers, "x-amz-content-sha256");
    if (declared != null && !declared.equals(payloadHash)) {
      return "x-amz-content-sha256 does not match the body";
    }
    List<String> signed = List.of(m.group(5).split(";"));
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signed) {
      List<String> values = headers.get(name);
      if (values == null) {
        return "signed header " + name + " missing";
      }
      List<String> trimmed = new ArrayList<>();
      values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
      canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    String canonicalRequest =
        String.join(
            "\n",
            method,
            path,
            canonicalQuery(query),
            canonicalHeaders.toString(),
            m.group(5),
            payloadHash);
    String scope = m.group(2) + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate,
            scope,
            hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(m.group(2), region, service, "aws4_request")) {
      key = hmac(key, part);
    }
    String expected = hex(hmac(key, stringToSign));
    return MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            m.group(6).getBytes(StandardCharsets.US_ASCII))
        ? null
        : "signature mismatch";
  }

  private static String canonicalQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>(List.of(query.split("&")));
    parts.sort(null);
    return String.join("&", parts);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
