package dev.cnimetrics.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemLogTest {

  /** The lines a source's outcomes produce: F:x a failure x, W a success. */
  private static List<String> lines(ProblemLog log, String... outcomes) {
    List<String> out = new ArrayList<>();
    for (String o : outcomes) {
      if (o.equals("W")) {
        if (log.worked()) {
          out.add("works");
        }
      } else if (log.failed(o.substring(2))) {
        out.add("failed " + o.substring(2));
      }
    }
    return out;
  }

  @Test
  void oneLinePerChangeNoneWhileItStays() {
    assertEquals(
        List.of("failed a", "failed b", "works", "failed a"),
        lines(ProblemLog.startingHealthy(), "W", "F:a", "F:a", "F:b", "F:b", "W", "W", "F:a"));
  }

  @Test
  void anUnknownStartLogsTheFirstOutcomeEitherWay() {
    assertEquals(List.of("works"), lines(ProblemLog.startingUnknown(), "W", "W"));
    assertEquals(List.of("failed a"), lines(ProblemLog.startingUnknown(), "F:a", "F:a"));
  }
}
