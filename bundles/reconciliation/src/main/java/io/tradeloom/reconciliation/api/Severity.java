package io.tradeloom.reconciliation.api;

/** How urgently an operator should look: CRITICAL means positions or cash are wrong somewhere. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
