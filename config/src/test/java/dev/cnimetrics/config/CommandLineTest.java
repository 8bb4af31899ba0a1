package dev.cnimetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static final Flag LISTEN =
      Flag.of("--listen", "HOST:PORT", "0.0.0.0:61682", "Address of the HTTP server.");
  private static final Flag NODE =
      Flag.of("--node-name", "NAME", null, "Node this runs on.").orEnv("NODE_NAME");
  private static final List<Flag> FLAGS = List.of(LISTEN, NODE);

  private static CommandLine parse(Map<String, String> env, String... args) throws ConfigException {
    return CommandLine.parse(FLAGS, args, env);
  }

  private static String error(String... args) {
    return assertThrows(ConfigException.class, () -> parse(Map.of(), args)).getMessage();
  }

  @Test
  void anUnknownFlagIsOneLine() {
    assertEquals(
        "command line: expected a flag that --help lists, found \"--bogus\"", error("--bogus"));
    assertEquals(
        "command line: expected a flag that --help lists, found \"--bogus=1\"",
        error("--listen=:1", "--bogus=1"));
    assertEquals("command line: expected a flag that --help lists, found \"-x\"", error("-x"));
  }

  @Test
  void aBareWordIsRefused() {
    assertEquals(
        "command line: expected --flag=value arguments only, found \"node-a\"", error("node-a"));
  }

  @Test
  void aFlagWithoutValueSaysSo() {
    assertEquals("--listen: expected a value after the flag, found nothing", error("--listen"));
    assertEquals(
        "--listen: expected a value after the flag, found nothing",
        error("--listen", "--node-name=a"));
  }

  @Test
  void aFlagGivenTwiceIsRefused() {
    assertEquals(
        "--listen: expected the flag once, found a second value \":2\"",
        error("--listen=:1", "--listen", ":2"));
  }

  @Test
  void bothSpellingsOfAValueAreRead() throws ConfigException {
    CommandLine cl = parse(Map.of(), "--listen", ":1", "--node-name=a=b");
    assertEquals(new Setting(":1", "--listen", true), cl.get(LISTEN));
    assertEquals(new Setting("a=b", "--node-name", true), cl.get(NODE));
  }

  @Test
  void anEmptyValueIsGivenNotDefault() throws ConfigException {
    assertEquals(new Setting("", "--listen", true), parse(Map.of(), "--listen=").get(LISTEN));
  }

  @Test
  void theCommandLineBeatsEachVariableInOrderWhichBeatTheDefault() throws ConfigException {
    Map<String, String> both = Map.of("CNI_METRICS_NODE_NAME", "own", "NODE_NAME", "downward");
    assertEquals(new Setting("cli", "--node-name", true), parse(both, "--node-name=cli").get(NODE));
    assertEquals(new Setting("own", "CNI_METRICS_NODE_NAME", true), parse(both).get(NODE));
    assertEquals(
        new Setting("downward", "NODE_NAME", true),
        parse(Map.of("NODE_NAME", "downward")).get(NODE));
    assertEquals(new Setting(null, "--node-name", false), parse(Map.of()).get(NODE));
    assertEquals(new Setting("0.0.0.0:61682", "--listen", false), parse(Map.of()).get(LISTEN));
  }

  @Test
  void aBlankVariableCountsAsUnset() throws ConfigException {
    Map<String, String> env = Map.of("CNI_METRICS_NODE_NAME", " ", "NODE_NAME", "n");
    assertEquals(new Setting("n", "NODE_NAME", true), parse(env).get(NODE));
    assertEquals(
        new Setting("0.0.0.0:61682", "--listen", false),
        parse(Map.of("CNI_METRICS_LISTEN", "")).get(LISTEN));
  }

  @Test
  void environmentValuesAreTakenLiterally() throws ConfigException {
    Map<String, String> env = Map.of("CNI_METRICS_LISTEN", "${sys:user.home}");
    assertEquals("${sys:user.home}", parse(env).get(LISTEN).value());
  }

  @Test
  void helpAndVersionAreRequests() throws ConfigException {
    assertTrue(parse(Map.of(), "-h").helpRequested());
    assertTrue(parse(Map.of(), "--help", "--listen=:1").helpRequested());
    assertTrue(parse(Map.of(), "-V").versionRequested());
    assertTrue(parse(Map.of(), "--version").versionRequested());
    CommandLine none = parse(Map.of(), "--listen=:1");
    assertFalse(none.helpRequested() || none.versionRequested());
  }

  @Test
  void theUsageListsEveryFlagWithItsVariablesAndDefault() {
    String usage =
        CommandLine.usage(
            "prog", "Does one thing well, described at some length so that it wraps.", FLAGS);
    assertEquals(
        """
        Usage: prog [--flag=VALUE]...
        Does one thing well, described at some length so that it wraps.

          --listen=HOST:PORT
              Address of the HTTP server. Env CNI_METRICS_LISTEN. Default 0.0.0.0:61682.
          --node-name=NAME
              Node this runs on. Env CNI_METRICS_NODE_NAME, NODE_NAME.
          -h, --help
              Show this help and exit.
          -V, --version
              Print the version and exit.
        """,
        usage);
  }

  @Test
  void theUsageWrapsAtOneHundredColumns() {
    Flag wordy = Flag.of("--wordy", "X", null, "lorem ".repeat(60).trim());
    String usage = CommandLine.usage("prog", "summary", List.of(wordy));
    for (String line : usage.split("\n")) {
      assertTrue(line.length() <= 100, line);
    }
    assertEquals(60, usage.split("lorem", -1).length - 1);
  }

  @Test
  void flagNamesFollowOneSpelling() {
    assertThrows(IllegalArgumentException.class, () -> Flag.of("-x", "X", null, "d"));
    assertThrows(IllegalArgumentException.class, () -> Flag.of("--Node_Name", "X", null, "d"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CommandLine.parse(List.of(LISTEN, LISTEN), new String[0], Map.of()));
  }
}
