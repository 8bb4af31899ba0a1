package dev.cnimetrics.aggregator.cloudwatch;

import dev.cnimetrics.aggregator.sink.Publication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Cycles not yet accepted by CloudWatch, oldest first, at most {@code maxCycles}; beyond that the
 * oldest is dropped. Requests are packed from the front, so a request after an outage replays the
 * oldest cycles first, each datum with its own cycle's timestamp, and a cycle is split only when
 * the request limits force it. Datums are built when first sent: a cycle can wait here for the
 * cluster id. No I/O.
 */
final class Backlog<T> {
  private final int maxCycles;
  private final ArrayDeque<Pending<T>> cycles = new ArrayDeque<>();

  private static final class Pending<T> {
    final Publication publication;
    List<T> items;
    int sent;

    Pending(Publication publication) {
      this.publication = publication;
    }
  }

  Backlog(int maxCycles) {
    this.maxCycles = maxCycles;
  }

  /** Adds a cycle; returns how many old cycles were dropped to make room. */
  int add(Publication p) {
    cycles.addLast(new Pending<>(p));
    int dropped = 0;
    while (cycles.size() > maxCycles) {
      cycles.removeFirst();
      dropped++;
    }
    return dropped;
  }

  int cycles() {
    return cycles.size();
  }

  /** The next request's items from the front, within both limits (at least one item). */
  List<T> next(
      Function<Publication, List<T>> items, int maxItems, long maxBytes, ToLongFunction<T> size) {
    List<T> out = new ArrayList<>();
    long bytes = 0;
    for (Pending<T> p : cycles) {
      if (p.items == null) {
        p.items = items.apply(p.publication);
      }
      for (int i = p.sent; i < p.items.size(); i++) {
        T item = p.items.get(i);
        long s = size.applyAsLong(item);
        if (out.size() == maxItems || (!out.isEmpty() && bytes + s > maxBytes)) {
          return out;
        }
        out.add(item);
        bytes += s;
      }
    }
    return out;
  }

  /** The first {@code count} items went out (accepted or given up on): forget them. */
  void sent(int count) {
    Iterator<Pending<T>> it = cycles.iterator();
    while (count > 0 && it.hasNext()) {
      Pending<T> p = it.next();
      int take = Math.min(count, p.items.size() - p.sent);
      p.sent += take;
      count -= take;
      if (p.sent == p.items.size()) {
        it.remove();
      }
    }
    while (!cycles.isEmpty()
        && cycles.peekFirst().items != null
        && cycles.peekFirst().sent == cycles.peekFirst().items.size()) {
      cycles.removeFirst();
    }
  }
}
