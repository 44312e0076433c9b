package dev.floe.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Guards every request that starts or changes something. A form post carries a CSRF token that
 * must match its cookie (double submit; the cookie is SameSite=Strict, so another site can neither
 * read nor send it); a JSON post must be {@code application/json}, which a browser sends cross-site
 * only after a CORS preflight this server never grants. Where a token is configured (always, off
 * loopback) the action must also carry it, as {@code Authorization: Bearer …} or a form field.
 */
final class ActionGuard {
  static final String CSRF_COOKIE = "floe_csrf";
  static final String CSRF_FIELD = "csrf";
  static final String TOKEN_FIELD = "token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;

  ActionGuard(String token) {
    this.token = token;
  }

  boolean requiresToken() {
    return token != null;
  }

  /** The CSRF token for this browser, set as a cookie on first use; forms embed it. */
  String csrfToken(Context ctx) {
    String existing = ctx.cookie(CSRF_COOKIE);
    if (existing != null && existing.length() == 43) {
      return existing;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String created = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.cookie(new Cookie(CSRF_COOKIE, created, "/", -1, false, true, null, SameSite.STRICT));
    return created;
  }

  /** Checks a form post; throws AccessDeniedException when it must not proceed. */
  void checkFormPost(Context ctx) {
    String cookie = ctx.cookie(CSRF_COOKIE);
    String field = ctx.formParam(CSRF_FIELD);
    if (cookie == null || field == null || !constantTimeEquals(cookie, field)) {
      throw new AccessDeniedException(
          "The form's CSRF token is missing or stale: reload the page and submit the form again");
    }
    checkToken(ctx, ctx.formParam(TOKEN_FIELD));
  }

  /** Checks a JSON API post. */
  void checkApiPost(Context ctx) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new InvalidParameterException("Content-Type", "API actions take a JSON body (application/json)");
    }
    checkToken(ctx, null);
  }

  /**
   * Checks a file upload: its Content-Type must be one of {@code contentTypes}, none of which a
   * browser may send cross-site without a CORS preflight (so, as for JSON, no other site can post it).
   */
  void checkUpload(Context ctx, List<String> contentTypes) {
    String contentType = ctx.contentType();
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!contentTypes.contains(type)) {
      throw new InvalidParameterException(
          "Content-Type",
          "Send the file with Content-Type " + String.join(", ", contentTypes)
              + (contentType == null ? "" : " (got " + contentType + ")"));
    }
    checkToken(ctx, null);
  }

  private void checkToken(Context ctx, String formToken) {
    if (token == null) {
      return;
    }
    String presented = formToken;
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      presented = authorization.substring("Bearer ".length()).trim();
    }
    if (presented == null || !constantTimeEquals(token, presented)) {
      throw new AccessDeniedException("This action needs the dashboard token (FLOE_WEB_TOKEN)");
    }
  }

  private static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
