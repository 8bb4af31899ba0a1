package dev.cnimetrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.report.Catalogue.Entry;
import dev.cnimetrics.report.Catalogue.Kind;
import dev.cnimetrics.report.Catalogue.Origin;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogueTest {

  /** The 20 metrics of AWS's cni-metrics-helper v1.23.1, by kind, in the helper's order. */
  @Test
  void upstreamEntriesAreTheHelpersEightGaugesElevenCountersAndOneLatency() {
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
        upstream(Kind.GAUGE));
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
        upstream(Kind.COUNTER));
    assertEquals(List.of("awsAPILatency"), upstream(Kind.LATENCY_SUMMARY));
  }

  @Test
  void namesAndFamiliesAreUniqueAndEveryFamilyIsAnAwscniMetric() {
    Set<String> names = Catalogue.ENTRIES.stream().map(Entry::name).collect(Collectors.toSet());
    Set<String> ipamd =
        Catalogue.ENTRIES.stream().map(Entry::ipamdMetric).collect(Collectors.toSet());
    assertEquals(Catalogue.ENTRIES.size(), names.size());
    assertEquals(Catalogue.ENTRIES.size(), ipamd.size());
    ipamd.forEach(m -> assertTrue(m.startsWith(Catalogue.IPAMD_PREFIX), m));
  }

  @Test
  void latencyIsPublishedInMillisecondsAndEverythingElseAsACount() {
    for (Entry e : Catalogue.ENTRIES) {
      assertEquals(
          e.kind() == Kind.LATENCY_SUMMARY ? Unit.MILLISECONDS : Unit.COUNT, e.unit(), e.name());
    }
  }

  @Test
  void looksUpByNameAndByKind() {
    assertEquals(
        Optional.of(
            new Entry(
                "addReqCount",
                "awscni_add_ip_req_count",
                Kind.COUNTER,
                Unit.COUNT,
                Origin.UPSTREAM)),
        Catalogue.entry("addReqCount"));
    assertEquals(Optional.empty(), Catalogue.entry("myOwnMetric"));
    assertEquals(
        Catalogue.ofKind(Kind.GAUGE).stream().map(Entry::name).collect(Collectors.toSet()),
        Catalogue.names(Kind.GAUGE));
  }

  @Test
  void beyondTheUpstreamTwentyComeTheFailedAssignmentsAndTheFreeIps() {
    assertEquals(
        List.of(
            new Entry(
                "noAvailableIPAddresses",
                "awscni_no_available_ip_addresses",
                Kind.COUNTER,
                Unit.COUNT,
                Origin.BEYOND),
            new Entry(
                "availableIPAddresses",
                "awscni_total_ip_addresses-awscni_assigned_ip_addresses",
                Kind.DERIVED_GAUGE,
                Unit.COUNT,
                Origin.BEYOND)),
        Catalogue.ENTRIES.stream().filter(e -> e.origin() == Origin.BEYOND).toList());
    assertTrue(Catalogue.gaugeNames().contains(Catalogue.AVAILABLE_IPS));
  }

  private static List<String> upstream(Kind kind) {
    return Catalogue.ofKind(kind).stream()
        .filter(e -> e.origin() == Origin.UPSTREAM)
        .map(Entry::name)
        .toList();
  }
}
