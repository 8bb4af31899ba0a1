package dev.cnimetrics.aggregator.aws;

import dev.cnimetrics.aggregator.log.LogText;
import dev.cnimetrics.httpclient.FetchException;
import dev.cnimetrics.httpclient.ImdsSession;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region from IMDSv2, with the IMDS session both programs share (token first, every answer
 * bounded and its status checked before it is used).
 */
public final class ImdsRegion implements RegionSource {
  private static final Logger LOG = LoggerFactory.getLogger(ImdsRegion.class);
  static final String PATH = "/latest/meta-data/placement/region";
  private final URI base;

  public ImdsRegion(URI base) {
    this.base = base;
  }

  @Override
  public Optional<String> region() {
    try {
      return Optional.of(ImdsSession.open(base).get(PATH));
    } catch (FetchException e) {
      LOG.warn("region: {}; set --region/AWS_REGION", LogText.escape(e.getMessage()));
      return Optional.empty();
    }
  }
}
