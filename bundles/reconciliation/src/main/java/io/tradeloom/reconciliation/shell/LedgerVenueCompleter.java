package io.tradeloom.reconciliation.shell;

import io.tradeloom.reconciliation.api.ReconciliationService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the ids of venues that have a broker ledger (those reconciliation can check). */
@Service
public class LedgerVenueCompleter implements Completer {

    @Reference
    ReconciliationService reconciliation;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        delegate.getStrings().addAll(reconciliation.venues());
        return delegate.complete(session, commandLine, candidates);
    }
}
