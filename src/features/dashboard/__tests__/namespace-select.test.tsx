/** The namespace picker names what its list is: namespaces, OpenShift projects, or a fallback. */
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { NamespaceSource } from "@/lib/tauri/bindings";
import { cluster, connectedEntry } from "@/test/backend";
import { NamespaceSelect } from "../components/namespace-select";

const entry = (source: NamespaceSource | null, error: string | null = null) =>
  connectedEntry(cluster("ocp"), { namespaces: ["team-a", "team-b"], namespaceSource: source, namespaceError: error });

describe("namespace picker", () => {
  it("says Project for OpenShift's projects", () => {
    render(<NamespaceSelect entry={entry("projects")} />);
    const select = screen.getByLabelText("Project");
    expect(select).toHaveAttribute("data-source", "projects");
    expect(screen.getByRole("option", { name: "All projects" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "team-b" })).toBeInTheDocument();
    expect(screen.queryByTestId("fallback-namespaces")).not.toBeInTheDocument();
  });

  it("says Namespace for namespaces watched", () => {
    render(<NamespaceSelect entry={entry("watched")} />);
    expect(screen.getByLabelText("Namespace")).toHaveAttribute("data-source", "watched");
    expect(screen.getByRole("option", { name: "All namespaces" })).toBeInTheDocument();
  });

  it("offers to add one when it is a fallback", () => {
    render(<NamespaceSelect entry={entry("fallback", "ocp: not allowed to list namespaces (403)")} />);
    expect(screen.getByLabelText("Namespace")).toBeInTheDocument();
    expect(screen.getByTestId("fallback-namespaces")).toHaveTextContent("not allowed to list namespaces");
  });
});
