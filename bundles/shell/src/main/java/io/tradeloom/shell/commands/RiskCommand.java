package io.tradeloom.shell.commands;

import io.tradeloom.core.api.RiskLimitView;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.domain.order.Position;
import io.tradeloom.shell.Format;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.List;

@Service
@Command(scope = "tradeloom", name = "risk", description = "Lists the pre-trade risk limits of"
        + " etc/io.tradeloom.risk.cfg: each rule with its scope (global, account, symbol or venue), the limit in"
        + " force (off when switched off) and its current usage (open orders, net position, orders in the last"
        + " second) with the number of orders it rejected. Edit the file and save: the limits apply at once; a bad"
        + " value is logged and shown here, and the previous limits stay in force.")
public class RiskCommand implements Action {

    @Option(name = "--positions", description = "also list the net position per account and symbol that the"
            + " position limit uses")
    boolean positions;

    @Reference
    RiskService risk;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Rule");
        table.column("Scope");
        table.column("Limit").alignRight();
        table.column("Usage");
        for (RiskLimitView v : risk.limits()) {
            table.addRow().addContent(v.rule(), v.scope(), v.limit(), v.usage());
        }
        table.print(System.out);
        risk.configError().ifPresent(error -> System.out.println("configuration not applied: " + error));
        if (positions) {
            List<Position> list = risk.positions();
            ShellTable p = new ShellTable();
            p.column("Account");
            p.column("Symbol");
            p.column("Position").alignRight();
            p.column("Avg cost").alignRight();
            p.column("Realized P&L").alignRight();
            for (Position pos : list) {
                p.addRow().addContent(pos.account(), pos.symbol(), Format.decimal(pos.quantity()),
                        Format.decimal(pos.averageCost()), Format.decimal(pos.realizedPnl()));
            }
            System.out.println();
            p.print(System.out);
        }
        return null;
    }
}
