package dev.cnimetrics.agent.imds;

import dev.cnimetrics.agent.cli.ImdsOptions.ImdsConfig;
import dev.cnimetrics.httpclient.FetchException;
import dev.cnimetrics.report.Instance;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the instance metadata once at start; unreachable IMDS means reports carry none. */
public final class InstanceMetadataReader {

  private static final Logger log = LoggerFactory.getLogger(InstanceMetadataReader.class);

  private InstanceMetadataReader() {}

  public static Optional<Instance> readOnce(ImdsConfig config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    try {
      Instance m = new ImdsClient(config.endpoint()).read();
      log.info(
          "instance metadata read id={} type={} region={} zone={}",
          m.id(),
          m.type(),
          m.region(),
          m.availabilityZone());
      return Optional.of(m);
    } catch (FetchException e) {
      log.warn(
          "instance metadata unavailable, reports carry no instance section: imds {}",
          e.getMessage());
      return Optional.empty();
    }
  }
}
