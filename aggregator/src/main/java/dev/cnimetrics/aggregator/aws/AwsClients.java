package dev.cnimetrics.aggregator.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Builds the AWS clients. PutMetricData goes out exactly once per call: the SDK's retries are off
 * (a retry after a lost response would store the datums twice) and so is HttpURLConnection's silent
 * resend of a POST on a dropped keep-alive connection ({@code sun.net.http.retryPost}, set by the
 * aggregator's JvmSettings before the first connection).
 */
public final class AwsClients {
  private AwsClients() {}

  public static CloudWatchClient cloudWatch(
      String region, URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    var builder =
        CloudWatchClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  public static Ec2Client ec2(
      String region, URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    var builder =
        Ec2Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .overrideConfiguration(o -> o.apiCallTimeout(timeout));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
