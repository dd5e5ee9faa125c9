package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Milvus server shared by many namespaces: cluster-scoped, its Secrets in the operator's namespace, usable by
 * the MilvusAlias resources of the namespaces its spec.allowedNamespaces selects.
 */
@JsonClassDescription("A Milvus server shared by many namespaces: cluster-scoped, its Secrets in the operator's namespace, usable by MilvusAlias resources in the namespaces spec.allowedNamespaces selects (none when absent).")
@Group(MilvusAlias.GROUP)
// Named, not derived: fabric8 would otherwise run its pluralizer on every object it deserializes.
@Plural("clustermilvusconnections")
@Version(MilvusAlias.VERSION)
@ShortNames("cmconn")
@Categories("milvus")
@AdditionalPrinterColumn(name = "URI", jsonPath = ".spec.uri", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".status.serverVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterMilvusConnection extends CustomResource<ClusterMilvusConnectionSpec, MilvusConnectionStatus> {

    @Override
    @JsonPropertyDescription("Desired state, written by you.")
    public ClusterMilvusConnectionSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Observed state, written by the operator.")
    public MilvusConnectionStatus getStatus() {
        return super.getStatus();
    }
}
