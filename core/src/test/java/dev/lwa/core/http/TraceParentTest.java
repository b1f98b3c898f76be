package dev.lwa.core.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** X-Ray trace header to W3C traceparent. */
class TraceParentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
            "Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
            "Root=1-5759E988-BD862E3FE1BE46A994272793; Parent=53995C3F42CD8AD8; Sampled=1; Lineage=a87bd80c:1|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?|00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"})
    void fromXray(String xray, String traceparent) {
        assertEquals(Optional.of(traceparent), TraceParent.fromXray(xray));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",  // no Parent
            "Parent=53995c3f42cd8ad8;Sampled=1",                   // no Root
            "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
            "Root=1-5759e98-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
            "Root=1-5759e988-bd862e3fe1be46a99427279z;Parent=53995c3f42cd8ad8",
            "Root=1-5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8x",
            "Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000",
            "", "garbage", "Root=;Parent="})
    void malformedAddsNothing(String xray) {
        assertEquals(Optional.empty(), TraceParent.fromXray(xray));
    }
}
