import { Duration } from 'cdk8s';
import { durationSeconds } from './internal/duration-conversion';
import { DocumentFormat } from '../documents/document-formats';
import { ResolvedFormatOptions } from '../documents/format-options';
import { DEFAULT_SLO_WINDOW_SECONDS } from '../model/objective';

/** Options every document format shares. */
export interface SloDocumentFormatOptions {
  /**
   * Fail synthesis on approximations too (what the format cannot express exactly, such as Sloth's fixed
   * burn-rate windows or Pyrra's missing per-window labels), not only on what it cannot express at all.
   * @default false - approximations are printed as warnings
   */
  readonly strict?: boolean;
}

/** How to write OpenSLO v1 documents. */
export interface OpenSloFormatOptions extends SloDocumentFormatOptions {
  /**
   * Write each SLO as one self-contained document (indicator, alert policies, their conditions and
   * notification targets inline) instead of separate documents joined by references. Documents emitted
   * per SLO (`SloProps.documents`) are always inline.
   * @default false - Service, DataSource, SLI, AlertNotificationTarget, AlertCondition, AlertPolicy and
   * SLO documents, each shared object once
   */
  readonly inline?: boolean;
  /**
   * The name of the DataSource document the metric sources refer to.
   * @default "prometheus"
   */
  readonly dataSourceName?: string;
  /**
   * The Prometheus URL in the DataSource's `connectionDetails`, e.g. `http://prometheus-operated.monitoring:9090`.
   * @default - empty connection details
   */
  readonly prometheusUrl?: string;
}

/** How to write Sloth `PrometheusServiceLevel` resources. */
export interface SlothFormatOptions extends SloDocumentFormatOptions {
  /**
   * The SLO period the Sloth operator runs with (its `--default-slo-period`): Sloth resources do not
   * carry a window, so SLOs with another window cannot be exported.
   * @default Duration.days(30)
   */
  readonly period?: Duration;
}

/** How to write Pyrra `ServiceLevelObjective` resources. */
export interface PyrraFormatOptions extends SloDocumentFormatOptions {
  /**
   * Pyrra's latency indicator selects one bucket by its exact `le` value. For whole-number thresholds,
   * `true` writes the bound as Prometheus 3 stores it (`le="1.0"`), `false` as Prometheus 2 clients
   * expose it (`le="1"`).
   * @default - `le="1"`, with a warning
   */
  readonly prometheus3BucketBounds?: boolean;
}

/**
 * A document format an SLO can be written in, besides its own PrometheusRule:
 * - `OPENSLO`: OpenSLO v1 documents (not Kubernetes resources: put them in a chart of their own and hand
 *   the file to OpenSLO tools);
 * - `SLOTH`: Sloth `PrometheusServiceLevel` custom resources (sloth.slok.dev/v1);
 * - `PYRRA`: Pyrra `ServiceLevelObjective` custom resources (pyrra.dev/v1alpha1).
 *
 * The static factories take options; the constants use the defaults.
 */
export class SloDocumentFormat {
  /** OpenSLO v1 documents, with default options. */
  public static readonly OPENSLO = new SloDocumentFormat('openslo', {});
  /** Sloth PrometheusServiceLevel resources, for a Sloth operator with the default 30-day period. */
  public static readonly SLOTH = new SloDocumentFormat('sloth', {});
  /** Pyrra ServiceLevelObjective resources, with default options. */
  public static readonly PYRRA = new SloDocumentFormat('pyrra', {});

  /** OpenSLO v1 documents. */
  public static openSlo(options: OpenSloFormatOptions = {}): SloDocumentFormat {
    return new SloDocumentFormat('openslo', options);
  }

  /** Sloth PrometheusServiceLevel resources. */
  public static sloth(options: SlothFormatOptions = {}): SloDocumentFormat {
    return new SloDocumentFormat('sloth', options);
  }

  /** Pyrra ServiceLevelObjective resources. */
  public static pyrra(options: PyrraFormatOptions = {}): SloDocumentFormat {
    return new SloDocumentFormat('pyrra', options);
  }

  /** The format: `openslo`, `sloth` or `pyrra`. */
  public readonly name: string;

  /** @internal */
  public readonly _format: DocumentFormat;

  /** @internal */
  public readonly _options: ResolvedFormatOptions;

  private constructor(format: DocumentFormat, options: OpenSloFormatOptions & SlothFormatOptions & PyrraFormatOptions) {
    this.name = format;
    this._format = format;
    this._options = {
      strict: options.strict ?? false,
      inline: options.inline,
      dataSourceName: options.dataSourceName ?? 'prometheus',
      prometheusUrl: options.prometheusUrl,
      periodSeconds: options.period ? durationSeconds(options.period) : DEFAULT_SLO_WINDOW_SECONDS,
      prometheus3BucketBounds: options.prometheus3BucketBounds,
    };
  }
}
