package dev.cnimetrics.aggregator.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

class OutcomeTest {
  private static CloudWatchException service(int status, String code) {
    return (CloudWatchException)
        CloudWatchException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }

  private static SdkClientException client(Throwable cause) {
    return SdkClientException.builder().message("failed").cause(cause).build();
  }

  @Test
  void replayOnlyWhatCloudWatchCertainlyDidNotStore() {
    assertEquals(Outcome.THROTTLED, Outcome.of(service(400, "Throttling")));
    assertEquals(Outcome.SERVER_ERROR, Outcome.of(service(503, "ServiceUnavailable")));
    assertEquals(Outcome.AUTH, Outcome.of(service(403, "AccessDenied")));
    assertEquals(Outcome.REJECTED, Outcome.of(service(400, "InvalidParameterValue")));
    assertEquals(Outcome.NETWORK, Outcome.of(client(new ConnectException("Connection refused"))));
    assertEquals(
        Outcome.NETWORK, Outcome.of(client(new SocketTimeoutException("connect timed out"))));
    assertEquals(Outcome.UNKNOWN, Outcome.of(client(new SocketTimeoutException("Read timed out"))));
    assertEquals(Outcome.NOT_SENT, Outcome.of(client(null)));
  }
}
