package org.lipcert.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Optional API keys with Spring Security (DESIGN §5): when {@code lipcert.security.enabled}, every
 * path except the health probes, {@code /actuator/info}, the OpenAPI document and Swagger UI
 * requires a key in {@code X-API-Key} that {@link ApiKeys} accepts. Without a key the answer is 401
 * {@code unauthorized} with {@code WWW-Authenticate}; with a wrong one, 403 {@code forbidden}; both
 * RFC 9457 problem details like every other error. Disabled, everything is open. Stateless: no
 * session, no CSRF token (no cookies are used), no login form, no generated password.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** The request header that carries the key. */
  static final String HEADER = "X-API-Key";

  /** What stays open when keys are enabled. */
  static final String[] OPEN_PATHS = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/info",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/error"
  };

  private static final String INVALID_KEY = SecurityConfiguration.class.getName() + ".invalidKey";

  @Bean
  SecurityFilterChain lipCertSecurity(HttpSecurity http, LipCertProperties properties)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable());
    LipCertProperties.Security security = properties.security();
    if (!security.enabled()) {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    ApiKeys keys = new ApiKeys(security.apiKeyHashes());
    return http.addFilterBefore(new ApiKeyFilter(keys), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            a -> a.requestMatchers(OPEN_PATHS).permitAll().anyRequest().authenticated())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) -> {
                          if (request.getAttribute(INVALID_KEY) != null) {
                            writeProblem(
                                request,
                                response,
                                ProblemType.FORBIDDEN,
                                "the key in " + HEADER + " is not one of the configured keys");
                          } else {
                            response.setHeader(
                                HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
                            writeProblem(
                                request,
                                response,
                                ProblemType.UNAUTHORIZED,
                                "this service requires an API key: send it in the header "
                                    + HEADER);
                          }
                        })
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            writeProblem(
                                request,
                                response,
                                ProblemType.FORBIDDEN,
                                "the key in " + HEADER + " is not allowed here")))
        .build();
  }

  /** Writes a problem detail like {@link ProblemDetailsAdvice} does, from the filter chain. */
  private static void writeProblem(
      HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.uri().toString());
    problem.put("title", type.title());
    problem.put("status", type.status().value());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    response.setStatus(type.status().value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    JsonMapper.shared().writeValue(response.getOutputStream(), problem);
  }

  /**
   * Authenticates a request whose {@code X-API-Key} is accepted; marks one whose key is not, so
   * that the entry point answers 403 rather than 401. Requests without a key pass on anonymous.
   */
  static final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
      this.keys = keys;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String presented = request.getHeader(HEADER);
      if (presented != null) {
        if (keys.accepts(presented)) {
          SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication());
        } else {
          request.setAttribute(INVALID_KEY, Boolean.TRUE);
        }
      }
      chain.doFilter(request, response);
    }
  }

  /** The authentication of a request with an accepted key; it carries no identity. */
  static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    ApiKeyAuthentication() {
      super(AuthorityUtils.createAuthorityList("ROLE_API"));
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return "api-key";
    }
  }
}
