package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lipcert.core.UncertifiableModelException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slice test of {@link ProblemDetailsAdvice} for failures the real model and certifier cannot be
 * made to produce on demand: a bug (500) and a refusal raised during certification rather than
 * while reading (422).
 */
@WebMvcTest(CertificateController.class)
@Import(ModelUploadReader.class)
@EnableConfigurationProperties(LipCertProperties.class)
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsAdviceTest {

  private static final byte[] MODEL = "{}".getBytes(StandardCharsets.UTF_8);

  @Autowired private MockMvc mvc;

  @MockitoBean private CertificationService service;

  @Test
  void aBugIsAnInternalErrorThatLeaksNothingAndIsLoggedWithItsStackTrace(CapturedOutput output)
      throws Exception {
    given(service.certifyNow(any()))
        .willThrow(new IllegalStateException("internal detail 0xDEADBEEF"));

    MvcResult result = certify();

    JsonNode problem = assertProblem(result, ProblemType.INTERNAL_ERROR);
    assertThat(problem.path("detail").asString())
        .as("the detail does not leak the exception")
        .doesNotContain("0xDEADBEEF")
        .doesNotContain("IllegalStateException");
    String errorId = problem.path("errorId").asString();
    assertThat(errorId).as("an errorId to quote").matches("[0-9a-f-]{36}");
    assertThat(output.getOut())
        .as("logged at ERROR under the errorId, with the stack trace")
        .contains("ERROR")
        .contains(errorId)
        .contains("java.lang.IllegalStateException: internal detail 0xDEADBEEF")
        .contains("\tat ");
  }

  @Test
  void aRefusalDuringCertificationIsNotCertifiable() throws Exception {
    given(service.certifyNow(any()))
        .willThrow(
            new UncertifiableModelException(
                "attention/MatMul", "MatMul", "product of two input-dependent tensors"));

    JsonNode problem = assertProblem(certify(), ProblemType.NOT_CERTIFIABLE);

    assertThat(problem.path("node").asString()).as("node").isEqualTo("attention/MatMul");
    assertThat(problem.path("opType").asString()).as("opType").isEqualTo("MatMul");
    assertThat(problem.path("detail").asString())
        .as("detail names node and reason")
        .contains("attention/MatMul")
        .contains("product of two input-dependent tensors");
  }

  private MvcResult certify() throws Exception {
    return mvc.perform(
            post(CertificateController.PATH).contentType(MediaType.APPLICATION_JSON).content(MODEL))
        .andReturn();
  }

  private static JsonNode assertProblem(MvcResult result, ProblemType type) throws Exception {
    var response = result.getResponse();
    assertThat(response.getStatus()).as("status").isEqualTo(type.status().value());
    assertThat(response.getContentType())
        .as("content type")
        .startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JsonNode problem = JsonMapper.shared().readTree(response.getContentAsByteArray());
    assertThat(problem.path("type").asString()).as("type").isEqualTo(type.uri().toString());
    assertThat(problem.path("title").asString()).as("title").isEqualTo(type.title());
    assertThat(problem.path("instance").asString())
        .as("instance")
        .isEqualTo(CertificateController.PATH);
    return problem;
  }
}
