package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.ipamd.CniCatalogue.Entry;
import dev.cnimetrics.agent.ipamd.CniCatalogue.Kind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CniCatalogueTest {

  @Test
  void hasTheContractsEightGaugesElevenCountersAndOneLatency() {
    assertEquals(
        List.of(
            "assignIPAddresses",
            "totalIPAddresses",
            "totalIPv4Prefixes",
            "totalAssignedIPv4sPerCidr",
            "eniAllocated",
            "eniMaxAvailable",
            "maxIPAddresses",
            "ipamdActionInProgress"),
        names(Kind.GAUGE));
    assertEquals(
        List.of(
            "awsAPIErr",
            "awsUtilErr",
            "ipamdErr",
            "forceRemoveENI",
            "forceRemoveIPs",
            "reconcileCount",
            "addReqCount",
            "delReqCount",
            "podENIErr",
            "ec2ApiReqCount",
            "ec2ApiErrCount"),
        names(Kind.COUNTER));
    assertEquals(List.of("awsAPILatency"), names(Kind.LATENCY_SUMMARY));
  }

  @Test
  void namesAreUniqueAndEveryIpamdMetricIsAnAwscniMetric() {
    assertEquals(20, CniCatalogue.ENTRIES.size());
    Set<String> ipamd =
        CniCatalogue.ENTRIES.stream().map(Entry::ipamdMetric).collect(Collectors.toSet());
    assertEquals(20, ipamd.size());
    ipamd.forEach(m -> assertEquals(true, m.startsWith(CniCatalogue.IPAMD_PREFIX), m));
    assertEquals(
        "Milliseconds",
        CniCatalogue.ofKind(Kind.LATENCY_SUMMARY).get(0).unit(),
        "the aggregator publishes the latency in ms");
  }

  private static List<String> names(Kind kind) {
    return CniCatalogue.ofKind(kind).stream().map(Entry::cloudWatchName).toList();
  }
}
