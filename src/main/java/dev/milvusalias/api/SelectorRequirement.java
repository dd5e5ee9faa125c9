package dev.milvusalias.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One requirement of a {@link NamespaceSelector}: a label key, an operator and values. */
@JsonClassDescription("A requirement on one label: key, operator and values.")
@ValidationRule(value = "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 : !has(self.values) || size(self.values) == 0",
        message = "In and NotIn need values; Exists and DoesNotExist take none")
@JsonIgnoreProperties(ignoreUnknown = true)
public class SelectorRequirement {

    /** How the label's value is compared. */
    public enum Operator {
        In, NotIn, Exists, DoesNotExist
    }

    @Required
    @JsonPropertyDescription("Label key the requirement applies to.")
    private String key;

    @Required
    @JsonPropertyDescription("In: the label has one of the values. NotIn: it is absent or has none of them. Exists: it is present. DoesNotExist: it is absent.")
    private Operator operator;

    @JsonPropertyDescription("Values for In and NotIn; empty for Exists and DoesNotExist.")
    private List<String> values;

    public SelectorRequirement() {
    }

    public SelectorRequirement(String key, Operator operator, List<String> values) {
        this.key = key;
        this.operator = operator;
        this.values = values;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public Operator getOperator() {
        return operator;
    }

    public void setOperator(Operator operator) {
        this.operator = operator;
    }

    public List<String> getValues() {
        return values;
    }

    public void setValues(List<String> values) {
        this.values = values;
    }
}
