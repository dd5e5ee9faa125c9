package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A label selector over namespaces, shaped like Kubernetes' LabelSelector. Its requirements are ANDed; with
 * none at all ({@code {}}) it selects every namespace.
 */
@JsonClassDescription("Label selector over namespaces: matchLabels and matchExpressions are ANDed; {} selects every namespace.")
@JsonIgnoreProperties(ignoreUnknown = true)
public class NamespaceSelector {

    @JsonPropertyDescription("Labels a namespace must carry, each with exactly this value. Every namespace has kubernetes.io/metadata.name set to its name.")
    private Map<String, String> matchLabels;

    @JsonPropertyDescription("Requirements a namespace's labels must meet.")
    private List<SelectorRequirement> matchExpressions;

    public NamespaceSelector() {
    }

    public NamespaceSelector(Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {
        this.matchLabels = matchLabels;
        this.matchExpressions = matchExpressions;
    }

    public Map<String, String> getMatchLabels() {
        return matchLabels;
    }

    public void setMatchLabels(Map<String, String> matchLabels) {
        this.matchLabels = matchLabels;
    }

    public List<SelectorRequirement> getMatchExpressions() {
        return matchExpressions;
    }

    public void setMatchExpressions(List<SelectorRequirement> matchExpressions) {
        this.matchExpressions = matchExpressions;
    }
}
