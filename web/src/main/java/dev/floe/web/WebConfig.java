package dev.floe.web;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * How one dashboard process is set up. Built once, where the process starts (the {@code floe web}
 * command), from flags and the environment.
 *
 * @param host the address to bind; loopback unless the operator says otherwise
 * @param port the port; 0 picks a free one
 * @param dataDir the Floe data directory (catalog and warehouse)
 * @param token the {@code FLOE_WEB_TOKEN} that actions must carry; required off loopback
 * @param temporalUiUrl base URL of a Temporal Web UI, or null where there is none (embedded server)
 * @param temporalNamespace the namespace runs live in, for links into the Temporal UI
 * @param anomalyFilesDir the folder whose JSON files the run form offers as anomaly files
 * @param maxRequestBytes the largest request body accepted (forms and JSON)
 * @param maxLabelUploadBytes the largest label file {@code POST /training-set} accepts; larger
 *     label sets go through the TrainingSet workflow, which reads them on the worker
 * @param onlineServing the online store the feature-serving routes read, and who writes it
 */
public record WebConfig(
    String host,
    int port,
    Path dataDir,
    String token,
    String temporalUiUrl,
    String temporalNamespace,
    Path anomalyFilesDir,
    long maxRequestBytes,
    long maxLabelUploadBytes,
    OnlineServing onlineServing) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7070;
  public static final String TOKEN_ENVIRONMENT_VARIABLE = "FLOE_WEB_TOKEN";
  public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
  public static final long DEFAULT_MAX_LABEL_UPLOAD_BYTES = 256L * 1024 * 1024;

  public WebConfig {
    requireNonNull(host, "host is null");
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(temporalNamespace, "temporalNamespace is null");
    requireNonNull(anomalyFilesDir, "anomalyFilesDir is null");
    requireNonNull(onlineServing, "onlineServing is null");
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("Invalid port " + port + ": expected 0 to 65535");
    }
    if (maxRequestBytes <= 0) {
      throw new InvalidInputException("Invalid maximum request size " + maxRequestBytes + ": must be positive");
    }
    if (maxLabelUploadBytes <= 0) {
      throw new InvalidInputException(
          "Invalid maximum label upload size " + maxLabelUploadBytes + ": must be positive");
    }
    token = token == null || token.isBlank() ? null : token;
    temporalUiUrl = temporalUiUrl == null || temporalUiUrl.isBlank() ? null : stripTrailingSlash(temporalUiUrl);
    if (token == null && !isLoopback(host)) {
      throw new InvalidInputException(
          "Cannot bind the dashboard to "
              + host
              + " without a token: set "
              + TOKEN_ENVIRONMENT_VARIABLE
              + ", or bind "
              + DEFAULT_HOST);
    }
  }

  /** Loopback defaults for everything but the data directory: what {@code floe web} starts with. */
  public static WebConfig defaults(Path dataDir) {
    return new WebConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        dataDir,
        System.getenv(TOKEN_ENVIRONMENT_VARIABLE),
        null,
        "default",
        Path.of("anomaly_files"),
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_LABEL_UPLOAD_BYTES,
        OnlineServing.embedded());
  }

  public WebConfig withPort(int newPort) {
    return new WebConfig(host, newPort, dataDir, token, temporalUiUrl, temporalNamespace, anomalyFilesDir, maxRequestBytes, maxLabelUploadBytes, onlineServing);
  }

  public WebConfig withHost(String newHost) {
    return new WebConfig(newHost, port, dataDir, token, temporalUiUrl, temporalNamespace, anomalyFilesDir, maxRequestBytes, maxLabelUploadBytes, onlineServing);
  }

  public WebConfig withToken(String newToken) {
    return new WebConfig(host, port, dataDir, newToken, temporalUiUrl, temporalNamespace, anomalyFilesDir, maxRequestBytes, maxLabelUploadBytes, onlineServing);
  }

  public WebConfig withTemporalUi(String newTemporalUiUrl, String namespace) {
    return new WebConfig(host, port, dataDir, token, newTemporalUiUrl, namespace, anomalyFilesDir, maxRequestBytes, maxLabelUploadBytes, onlineServing);
  }

  public WebConfig withAnomalyFilesDir(Path directory) {
    return new WebConfig(host, port, dataDir, token, temporalUiUrl, temporalNamespace, directory, maxRequestBytes, maxLabelUploadBytes, onlineServing);
  }

  public WebConfig withOnlineServing(OnlineServing serving) {
    return new WebConfig(
        host, port, dataDir, token, temporalUiUrl, temporalNamespace, anomalyFilesDir, maxRequestBytes,
        maxLabelUploadBytes, serving);
  }

  public WebConfig withMaxLabelUploadBytes(long bytes) {
    return new WebConfig(
        host, port, dataDir, token, temporalUiUrl, temporalNamespace, anomalyFilesDir, maxRequestBytes, bytes, onlineServing);
  }

  /** Whether actions must carry the token: always when one is set, and a token is set off loopback. */
  public boolean requiresToken() {
    return token != null;
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      // Only literal addresses are judged; a name is never resolved here, so it counts as remote.
      if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
        return false;
      }
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
