package dev.cnimetrics.aggregator.aws;

import java.util.Optional;

/** A last resort for the AWS region (IMDS in production). */
@FunctionalInterface
public interface RegionSource {
  Optional<String> region();
}
