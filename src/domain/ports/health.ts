// Port of a dependency `/health` reports on.
export interface HealthCheck {
  name: string;
  /** Throws when the dependency is not usable. */
  check(): Promise<void>;
}
