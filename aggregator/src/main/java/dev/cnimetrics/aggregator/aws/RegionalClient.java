package dev.cnimetrics.aggregator.aws;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS client built the first time it is asked for once the region is known (it may come from the
 * first agent reports). Created, and handed to the resources closed on shutdown, before any cycle
 * runs, so the cycle thread never adds to that list; {@link #close} and {@link #get} take the same
 * lock, so a client built while shutting down is closed too.
 */
public final class RegionalClient<C extends SdkAutoCloseable>
    implements Supplier<C>, AutoCloseable {
  private final Supplier<Optional<String>> region;
  private final Function<String, C> build;
  private C client;
  private boolean closed;

  public RegionalClient(Supplier<Optional<String>> region, Function<String, C> build) {
    this.region = region;
    this.build = build;
  }

  /** The client, or null while the region is unknown (or after {@link #close}). */
  @Override
  public synchronized C get() {
    if (client == null && !closed) {
      region.get().ifPresent(r -> client = build.apply(r));
    }
    return closed ? null : client;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
    }
  }
}
