package dev.floe.testservers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Iceberg's test REST catalog, listening on 127.0.0.1 only.
 *
 * <p>The fixture's own {@code RESTCatalogServer} binds every interface ({@code new Server(port)}),
 * and our tests' servers listen on loopback only. This serves the same thing: a backend catalog
 * built by {@link CatalogUtil} from the same {@code CATALOG_*} environment variables
 * ({@code CATALOG_IO__IMPL} is {@code io-impl}, {@code CATALOG_S3_ENDPOINT} is {@code s3.endpoint}),
 * with the same catalog defaults (a {@link JdbcCatalog}, schema version V1), behind the fixture's
 * {@link RESTCatalogAdapter} and {@link RESTCatalogServlet}, on a Jetty connector whose host is
 * 127.0.0.1 and whose port is {@code CATALOG_REST_PORT}. Port and warehouse must be given (the
 * fixture falls back to 8181 and a temporary folder).
 *
 * <p>Left out: the fixture's package-private adapter subclass, which only adds vended storage
 * credentials when {@code include-credentials} is set (Floe's tests pass credentials to each
 * process), and gzip of responses. Compiled against Iceberg 1.11.0, the fixture's version, and run
 * in its own JVM from {@code target/rest-catalog} plus this module's classes.
 */
public final class LoopbackRestCatalogServer {
  private static final String HOST = "127.0.0.1";
  private static final String ENVIRONMENT_PREFIX = "CATALOG_";
  private static final String PORT_PROPERTY = "rest.port";

  private LoopbackRestCatalogServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> properties = catalogProperties(System.getenv());
    String portValue = properties.get(PORT_PROPERTY);
    if (portValue == null) {
      throw new IllegalArgumentException("Missing port: set CATALOG_REST_PORT");
    }

    Catalog backend =
        CatalogUtil.buildIcebergCatalog(
            properties.getOrDefault("catalog.name", "rest_backend"),
            properties,
            new Configuration());
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addServlet(
        new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backend))), "/*");

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(HOST);
    connector.setPort(Integer.parseInt(portValue));
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    server.join();
  }

  /** CATALOG_A__B_C=v becomes a-b.c=v, as the fixture reads them; then the fixture's defaults. */
  private static Map<String, String> catalogProperties(Map<String, String> environment) {
    Map<String, String> properties = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENVIRONMENT_PREFIX)) {
            String key =
                name.substring(ENVIRONMENT_PREFIX.length())
                    .replace("__", "-")
                    .replace('_', '.')
                    .toLowerCase(Locale.ROOT);
            properties.put(key, value);
          }
        });
    properties.putIfAbsent(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
    properties.putIfAbsent(CatalogProperties.URI, "jdbc:sqlite::memory:");
    properties.putIfAbsent("jdbc.schema-version", "V1");
    if (!properties.containsKey(CatalogProperties.WAREHOUSE_LOCATION)) {
      throw new IllegalArgumentException("Missing warehouse: set CATALOG_WAREHOUSE");
    }
    return properties;
  }
}
