package dev.cnimetrics.aggregator.cloudwatch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * What a PutMetricData attempt means for its datums. CloudWatch has no idempotency key: a request
 * sent twice is stored twice (Sum and SampleCount doubled). So a request is replayed only when
 * CloudWatch certainly did not store it: it answered with throttling, a 5xx or an auth error, or
 * the connection never opened. When the body may have arrived but no answer came back (read
 * timeout, reset mid-exchange), the cycle is not resent and is counted as {@code unknown}.
 */
enum Outcome {
  OK(false),
  THROTTLED(true),
  SERVER_ERROR(true),
  AUTH(true),
  NETWORK(true),
  NOT_SENT(true),
  REJECTED(false),
  UNKNOWN(false);

  /** Keep the datums and send them again later. */
  final boolean replay;

  Outcome(boolean replay) {
    this.replay = replay;
  }

  /** The {@code result} label of {@code cni_metrics_aggregator_cloudwatch_requests_total}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Outcome of(Throwable t) {
    if (t instanceof AwsServiceException e) {
      int status = e.statusCode();
      String code =
          e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
      if (e.isThrottlingException() || status == 429) {
        return THROTTLED;
      }
      if (status >= 500) {
        return SERVER_ERROR;
      }
      if (status == 401 || status == 403 || code.contains("Token") || code.contains("Signature")) {
        return AUTH;
      }
      return REJECTED;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException
          || c instanceof SSLHandshakeException
          || (c instanceof SocketTimeoutException
              && String.valueOf(c.getMessage()).contains("connect"))) {
        return NETWORK;
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException
          || c instanceof ApiCallTimeoutException
          || c instanceof ApiCallAttemptTimeoutException) {
        return UNKNOWN;
      }
    }
    // Failed before anything was sent (e.g. no credentials yet): safe to try again.
    return NOT_SENT;
  }
}
