package dev.cnimetrics.aggregator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** {@link InstanceTags} through EC2 DescribeTags (IAM {@code ec2:DescribeTags}). */
public final class Ec2InstanceTags implements InstanceTags {
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final Duration timeout;

  public Ec2InstanceTags(URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  @Override
  public Map<String, String> tags(String region, String instanceId) {
    try (Ec2Client ec2 = AwsClients.ec2(region, endpoint, credentials, timeout)) {
      Map<String, String> out = new HashMap<>();
      DescribeTagsRequest request =
          DescribeTagsRequest.builder()
              .filters(
                  Filter.builder().name("resource-id").values(instanceId).build(),
                  Filter.builder().name("key").values(ClusterIdentity.TAG_KEYS).build())
              .build();
      for (TagDescription t : ec2.describeTags(request).tags()) {
        out.put(t.key(), t.value());
      }
      return out;
    }
  }
}
