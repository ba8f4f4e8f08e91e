package org.lipcert.core.bound;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Node;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.json.JsonReadLimits;

class ScratchSdpTest {
  @Test
  void acas() throws Exception {
    var model = new ModelLoader(JsonReadLimits.defaults()).load(Files.readAllBytes(Path.of("..", "shared", "models", "acasxu_1_1.onnx")));
    List<DenseMatrix> ws = new ArrayList<>();
    for (Node n : model.graph().nodes()) {
      if (n.operation() instanceof AffineLayer a && a.operator() instanceof AxisLinear x) ws.add(x.weights());
    }
    int h = ws.size() - 1;
    double[][] al = new double[h][], be = new double[h][];
    for (int j = 0; j < h; j++) { al[j] = new double[ws.get(j).rows()]; be[j] = new double[ws.get(j).rows()]; java.util.Arrays.fill(be[j], 1); }
    LipSdpNeuron p = new LipSdpNeuron(ws, al, be);
    double[][] t = p.eclipseStart();
    System.out.println("start t " + t[0][0] + " " + t[1][0]);
    var e = p.evaluate(t, 0);
    System.out.println("eval " + (e == null ? "infeasible" : e.rho()));
    java.util.Random rnd = new java.util.Random(1);
    for (int trial = 0; trial < 5; trial++) {
      int j = rnd.nextInt(h), i = rnd.nextInt(t[j].length);
      double[][] t2 = new double[h][];
      for (int a = 0; a < h; a++) t2[a] = t[a].clone();
      double eps = 1e-4 * t[j][i];
      t2[j][i] += eps;
      var e2 = p.evaluate(t2, 0);
      System.out.printf("grad check layer %d neuron %d: fd %.6e analytic %.6e%n", j, i, (e2.rho() - e.rho()) / eps, e.gradient()[j][i]);
    }
    for (int steps : new int[] {10, 50, 200, 1000}) { long t0 = System.nanoTime(); var r = p.bound(0, steps); System.out.println("steps " + steps + " " + r + " " + (System.nanoTime() - t0) / 1e6 + " ms"); }

  }
}
