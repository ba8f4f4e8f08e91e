package org.lipcert.io.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The certified bound a clip value implies for a model's layer shapes: the body of {@code POST
 * /api/v1/clipping/implied-bound} and the output of {@code lipcert implied-bound --format json}.
 *
 * @param model the model whose shapes were used
 * @param clip the clip value for every layer with a weight tensor, or {@code null} when only
 *     per-layer values were given
 * @param bound a certified upper bound on the Lipschitz constant of every model of this
 *     architecture whose clipped layers' weights lie in {@code [−c, c]} and whose other layers are
 *     as uploaded
 * @param layers one entry per layer with a constant, in graph order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The certified bound that clipping the weights implies")
public record ImpliedBoundReport(
    ModelReport model,
    @Schema(example = "0.01") Double clip,
    @Schema(example = "12.8") double bound,
    List<Layer> layers) {

  /**
   * One layer's part.
   *
   * @param name the layer
   * @param opType its operation type
   * @param clip the clip value applied to it, {@code null} for a layer kept as uploaded
   * @param gain {@code g} with {@code ‖A‖₂ ≤ g·c} for any weights clipped at {@code c}: {@code
   *     sqrt(m·n)} for a dense layer, {@code sqrt((c_in/g)(c_out/g)·k_h·k_w·m_h·m_w)} for a
   *     convolution
   * @param constant the constant the bound uses: {@code g·c} for a clipped layer, the certified
   *     upper bound of the uploaded weights otherwise
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ImpliedBoundLayer", description = "A layer's constant in the implied bound")
  public record Layer(String name, String opType, Double clip, Double gain, double constant) {}
}
