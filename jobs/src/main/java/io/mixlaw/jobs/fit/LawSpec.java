package io.mixlaw.jobs.fit;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.MixtureLaw;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The law a fit uses and its settings, small enough to ship to Spark executors, where the law is
 * built again.
 *
 * @param name law name: {@code camel} or {@code camel-core}
 * @param huberDelta Huber threshold on log-loss residuals
 * @param referenceCapacity N0 of the CAMEL law
 * @param ridge ridge penalty on the mixture coefficients
 * @param saturationOffset epsilon of the saturation term {@code phi_j ln(r_j + epsilon)}; 0 fits
 *     the law without it
 */
public record LawSpec(
    String name, double huberDelta, double referenceCapacity, double ridge, double saturationOffset)
    implements Serializable {

  /** A spec without the saturation term. */
  public LawSpec(String name, double huberDelta, double referenceCapacity, double ridge) {
    this(name, huberDelta, referenceCapacity, ridge, 0.0);
  }

  /** Law names this build can fit. */
  public static final List<String> NAMES = List.of("camel", "camel-core");

  /** Checks the name and the numeric settings. */
  public LawSpec {
    name = name.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw MixlawException.of(
          "config key fit.law names an unknown law '" + name + "'",
          "the fit stage knows " + String.join(", ", NAMES),
          "set fit.law to one of them");
    }
    if (!(huberDelta > 0)) {
      throw MixlawException.of(
          "config key fit.huber-delta is " + huberDelta, "it must be > 0", "set it to e.g. 1e-3");
    }
    if (!(referenceCapacity > 0)) {
      throw MixlawException.of(
          "config key fit.reference-capacity is " + referenceCapacity,
          "it must be > 0",
          "set it to e.g. 1e8");
    }
    if (!(ridge >= 0)) {
      throw MixlawException.of("config key fit.ridge is " + ridge, "it must be >= 0", "set it to 0 or more");
    }
    if (!(saturationOffset >= 0) || Double.isInfinite(saturationOffset)) {
      throw MixlawException.of(
          "config key fit.saturation-offset is " + saturationOffset,
          "it must be finite and >= 0",
          "set it to 0.01 (the default) or to 0 to fit the law without the saturation term");
    }
  }

  /** Reads the spec from the {@code mixlaw.fit} settings. */
  public static LawSpec fromConfig(Config fit) {
    return new LawSpec(
        fit.getString("law"),
        fit.getDouble("huber-delta"),
        fit.getDouble("reference-capacity"),
        fit.getDouble("ridge"),
        fit.getDouble("saturation-offset"));
  }

  /** Builds the law. */
  public MixtureLaw create() {
    CamelLaw base = name.equals("camel-core") ? CamelLaw.core() : CamelLaw.defaults();
    CamelLaw law = base.withHuberDelta(huberDelta).withReferenceCapacity(referenceCapacity);
    law = ridge > 0 ? law.withRidge(ridge) : law;
    return saturationOffset > 0 ? law.withSaturation(saturationOffset) : law;
  }

  /** A stable text form, part of the fit id. */
  public String canonical() {
    String text =
        String.format(
            Locale.ROOT,
            "law=%s;huber=%.17g;n0=%.17g;ridge=%.17g",
            name,
            huberDelta,
            referenceCapacity,
            ridge);
    return saturationOffset > 0
        ? text + String.format(Locale.ROOT, ";saturation=%.17g", saturationOffset)
        : text;
  }
}
