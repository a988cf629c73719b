package io.tradeloom.shell.commands;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.camel.api.RouteFileStatus;
import io.tradeloom.camel.api.RouteInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "routes", description = "Lists Tradeloom's Camel routes with state, exchanges,"
        + " failures, mean processing time and the route file or bundle each came from; then every route file that"
        + " failed to load, with the reason.")
public class RoutesCommand implements Action {

    @Reference
    CamelRuntime camel;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Route");
        table.column("State");
        table.column("Exchanges").alignRight();
        table.column("Failed").alignRight();
        table.column("Inflight").alignRight();
        table.column("Mean ms").alignRight();
        table.column("Origin");
        for (RouteInfo r : camel.routes()) {
            table.addRow().addContent(r.id(), r.state(), r.exchangesTotal(), r.exchangesFailed(),
                    r.exchangesInflight(), r.meanProcessingTimeMillis() < 0 ? "-" : r.meanProcessingTimeMillis(),
                    r.origin());
        }
        table.print(System.out);
        boolean header = false;
        for (RouteFileStatus f : camel.routeFiles()) {
            if (!f.loaded()) {
                if (!header) {
                    System.out.println();
                    System.out.println("Route files that failed to load (" + camel.routesDirectory() + "):");
                    header = true;
                }
                System.out.println("  routes/" + f.file() + " FAILED: " + f.error()
                        + (f.routeIds().isEmpty() ? "" : " (previous routes " + f.routeIds() + " keep running)"));
            }
        }
        return null;
    }
}
