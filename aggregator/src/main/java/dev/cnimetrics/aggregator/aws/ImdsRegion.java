package dev.cnimetrics.aggregator.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The region from IMDSv2: a token PUT, then the placement GET with that token. */
public final class ImdsRegion implements RegionSource {
  private static final Logger LOG = LoggerFactory.getLogger(ImdsRegion.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final URI base;

  public ImdsRegion(URI base) {
    this.base = base;
  }

  @Override
  public Optional<String> region() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(base.resolve("/latest/api/token"))
                  .timeout(TIMEOUT)
                  .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> region =
          http.send(
              HttpRequest.newBuilder(base.resolve("/latest/meta-data/placement/region"))
                  .timeout(TIMEOUT)
                  .header("X-aws-ec2-metadata-token", token.body())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (token.statusCode() == 200 && region.statusCode() == 200 && !region.body().isBlank()) {
        return Optional.of(region.body().trim());
      }
      LOG.warn(
          "region: IMDS {} answered HTTP {}; set --region/AWS_REGION", base, region.statusCode());
    } catch (IOException e) {
      LOG.warn("region: IMDS {} unreachable ({}); set --region/AWS_REGION", base, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }
}
