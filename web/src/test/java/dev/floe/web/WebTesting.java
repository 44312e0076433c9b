package dev.floe.web;

import io.javalin.testtools.TestConfig;
import java.net.http.HttpClient;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the dashboard's tests share: a client that shows redirects, and the form's CSRF pair. */
final class WebTesting {
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private WebTesting() {}

  /** Redirects are answers to check, not to follow; cookies are sent by hand. */
  static TestConfig testConfig() {
    return new TestConfig(false, false, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
  }

  /** The CSRF cookie the page set, as a Cookie header value. */
  static String csrfCookie(List<String> setCookies) {
    return setCookies.stream()
        .filter(cookie -> cookie.startsWith(ActionGuard.CSRF_COOKIE + "="))
        .map(cookie -> cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CSRF cookie in " + setCookies));
  }

  static String csrfField(String page) {
    Matcher matcher = CSRF_FIELD.matcher(page);
    if (!matcher.find()) {
      throw new AssertionError("no CSRF field in the page");
    }
    return matcher.group(1);
  }
}
