package dev.cnimetrics.aggregator.subnet;

import dev.cnimetrics.aggregator.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * {@link SubnetLookup} through EC2 DescribeSubnets (IAM {@code ec2:DescribeSubnets}). The ids go in
 * a {@code subnet-id} filter, {@link #BATCH} per request: a filter value that names no subnet
 * matches nothing, where the {@code SubnetIds} parameter would fail the whole call with {@code
 * InvalidSubnetID.NotFound} for one deleted subnet.
 */
public final class Ec2Subnets implements SubnetLookup, AutoCloseable {
  /** Filter values per request (EC2 allows up to 1,000 values per filter set; kept well below). */
  static final int BATCH = 100;

  /** A batch of {@link #BATCH} ids fits one page of 1,000; more pages would be a broken answer. */
  private static final int MAX_PAGES = 10;

  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final Duration timeout;
  private Ec2Client client;
  private String clientRegion;

  public Ec2Subnets(URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  @Override
  public synchronized Map<String, Long> available(
      String region, List<String> subnetIds, Runnable onRequest) {
    Ec2Client ec2 = client(region);
    Map<String, Long> out = new HashMap<>();
    for (int from = 0; from < subnetIds.size(); from += BATCH) {
      List<String> batch = subnetIds.subList(from, Math.min(subnetIds.size(), from + BATCH));
      String token = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        DescribeSubnetsRequest.Builder request =
            DescribeSubnetsRequest.builder()
                .filters(Filter.builder().name("subnet-id").values(batch).build())
                .maxResults(1000);
        if (token != null) {
          request.nextToken(token);
        }
        onRequest.run();
        DescribeSubnetsResponse response = ec2.describeSubnets(request.build());
        for (Subnet s : response.subnets()) {
          if (s.availableIpAddressCount() != null) {
            out.put(s.subnetId(), s.availableIpAddressCount().longValue());
          }
        }
        token = response.nextToken();
        if (token == null || token.isEmpty()) {
          break;
        }
      }
    }
    return out;
  }

  private Ec2Client client(String region) {
    if (client == null || !region.equals(clientRegion)) {
      close();
      client = AwsClients.ec2(region, endpoint, credentials, timeout);
      clientRegion = region;
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
