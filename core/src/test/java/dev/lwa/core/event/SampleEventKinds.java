package dev.lwa.core.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which trigger each sample event (core's {@code sample-events}) is, by the fields it carries
 * (docs/protocols.md, "Event kinds"), as the samples' README explains. One table for every test that
 * walks the samples (core's mapping tests, bootstrap's end-to-end conformance test): a file added
 * to or renamed in the folder fails them until it is listed here.
 */
public final class SampleEventKinds {

    /** What a sample file must turn into. */
    public enum Expect { REST, HTTP_API, FUNCTION_URL, ALB, ALB_MULTI, LATTICE, LATTICE_V2, PASS_THROUGH, BAD_BASE64, RESPONSE }

    private static final Map<String, Expect> TABLE = new LinkedHashMap<>();

    /** File (relative to sample-events, '/' separators) → what it must turn into, in table order. */
    public static final Map<String, Expect> EXPECTED = Collections.unmodifiableMap(TABLE);

    private SampleEventKinds() {
    }

    static {
        Map<String, Expect> m = TABLE;
        // rust-lambda-http
        m.put("rust-lambda-http/alb_health_check.json", Expect.ALB);
        m.put("rust-lambda-http/alb_multi_value_request.json", Expect.ALB_MULTI);
        m.put("rust-lambda-http/alb_multi_value_request_encoded_query_parameters.json", Expect.ALB_MULTI);
        m.put("rust-lambda-http/alb_no_host.json", Expect.ALB);
        m.put("rust-lambda-http/alb_request.json", Expect.ALB);
        m.put("rust-lambda-http/alb_request_encoded_query_parameters.json", Expect.ALB);
        m.put("rust-lambda-http/apigw_multi_value_proxy_request.json", Expect.REST);
        m.put("rust-lambda-http/apigw_no_host.json", Expect.REST);
        m.put("rust-lambda-http/apigw_proxy_request.json", Expect.REST);
        m.put("rust-lambda-http/apigw_request_path_with_space.json", Expect.HTTP_API);
        m.put("rust-lambda-http/apigw_v2_proxy_request.json", Expect.HTTP_API);
        m.put("rust-lambda-http/apigw_v2_proxy_request_minimal.json", Expect.HTTP_API);
        m.put("rust-lambda-http/apigw_v2_proxy_request_with_stage_in_path.json", Expect.HTTP_API);
        m.put("rust-lambda-http/apigw_v2_sam_local.json", Expect.HTTP_API);
        m.put("rust-lambda-http/lambda_function_url_request.json", Expect.FUNCTION_URL);
        // java-libs
        m.put("java-libs/apigw/events/apigw_event.json", Expect.REST);
        m.put("java-libs/apigw/events/apigw_event_nobody.json", Expect.REST);
        m.put("java-libs/apigw/responses/apigw_response.json", Expect.RESPONSE);
        m.put("java-libs/apigw/responses/apigw_response2.json", Expect.RESPONSE);
        m.put("java-libs/apigw_auth.json", Expect.REST); // REQUEST authorizer carrying REST v1's required fields
        m.put("java-libs/apigw_auth_v2.json", Expect.HTTP_API); // v2 REQUEST authorizer carrying requestContext.http.method
        m.put("java-libs/apigw_http_event.json", Expect.HTTP_API);
        m.put("java-libs/apigw_rest_event.json", Expect.REST);
        m.put("java-libs/apigw_websocket_event.json", Expect.REST); // WebSocket, but with httpMethod + requestContext.httpMethod
        m.put("java-libs/cloudwatch_event.json", Expect.PASS_THROUGH);
        m.put("java-libs/ddb/dynamo_event.json", Expect.PASS_THROUGH);
        m.put("java-libs/elb_event.json", Expect.ALB);
        m.put("java-libs/kinesis_event.json", Expect.PASS_THROUGH);
        m.put("java-libs/response/alb_response.json", Expect.RESPONSE);
        m.put("java-libs/response/apigw_proxy_response.json", Expect.RESPONSE);
        m.put("java-libs/response/apigw_v2_http_response.json", Expect.RESPONSE);
        m.put("java-libs/response/apigw_v2_websocket_response.json", Expect.RESPONSE);
        m.put("java-libs/response/msk_firehose_response.json", Expect.RESPONSE);
        m.put("java-libs/response/s3_batch_response.json", Expect.RESPONSE);
        m.put("java-libs/response/simple_iam_policy_response.json", Expect.RESPONSE);
        m.put("java-libs/response/sqs_batch_response.json", Expect.RESPONSE);
        m.put("java-libs/s3_event.json", Expect.PASS_THROUGH);
        m.put("java-libs/sns_event.json", Expect.PASS_THROUGH);
        m.put("java-libs/sqs/sqs_event_nobody.json", Expect.PASS_THROUGH);
        m.put("java-libs/sqs/sqs_event_product.json", Expect.PASS_THROUGH);
        // powertools
        m.put("powertools/albEvent.json", Expect.ALB);
        m.put("powertools/albEventPathTrailingSlash.json", Expect.ALB);
        m.put("powertools/albMultiValueHeadersEvent.json", Expect.ALB_MULTI);
        m.put("powertools/albMultiValueQueryStringEvent.json", Expect.ALB_MULTI);
        m.put("powertools/apiGatewayAuthorizerRequestEvent.json", Expect.REST); // as java-libs/apigw_auth.json
        m.put("powertools/apiGatewayAuthorizerTokenEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/apiGatewayAuthorizerV2Event.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyEvent.json", Expect.REST);
        m.put("powertools/apiGatewayProxyEventAnotherPath.json", Expect.BAD_BASE64);
        m.put("powertools/apiGatewayProxyEventNoOrigin.json", Expect.REST);
        m.put("powertools/apiGatewayProxyEventPathTrailingSlash.json", Expect.BAD_BASE64);
        m.put("powertools/apiGatewayProxyEventPrincipalId.json", Expect.PASS_THROUGH); // no requestContext.httpMethod
        m.put("powertools/apiGatewayProxyEvent_noVersionAuth.json", Expect.BAD_BASE64);
        m.put("powertools/apiGatewayProxyOtherEvent.json", Expect.REST);
        m.put("powertools/apiGatewayProxyV2Event.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2EventPathTrailingSlash.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2Event_GET.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2IamEvent.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2OtherGetEvent.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json", Expect.HTTP_API);
        m.put("powertools/apiGatewayProxyV2SchemaMiddlwareValidEvent.json", Expect.HTTP_API);
        m.put("powertools/apigatewayeSchemaMiddlwareInvalidEvent.json", Expect.REST);
        m.put("powertools/apigatewayeSchemaMiddlwareValidEvent.json", Expect.REST);
        m.put("powertools/bedrockAgentEvent.json", Expect.PASS_THROUGH); // httpMethod but no requestContext
        m.put("powertools/bedrockAgentPostEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/dynamoStreamEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/eventBridgeEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/kafkaEventMsk.json", Expect.PASS_THROUGH);
        m.put("powertools/kafkaEventSelfManaged.json", Expect.PASS_THROUGH);
        m.put("powertools/kinesisStreamEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/lambdaFunctionUrlEvent.json", Expect.FUNCTION_URL);
        m.put("powertools/lambdaFunctionUrlEventPathTrailingSlash.json", Expect.FUNCTION_URL);
        m.put("powertools/lambdaFunctionUrlEventWithHeaders.json", Expect.FUNCTION_URL);
        m.put("powertools/lambdaFunctionUrlIAMEvent.json", Expect.FUNCTION_URL);
        m.put("powertools/s3Event.json", Expect.PASS_THROUGH);
        m.put("powertools/snsEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/sqsEvent.json", Expect.PASS_THROUGH);
        m.put("powertools/vpcLatticeEvent.json", Expect.LATTICE);
        m.put("powertools/vpcLatticeEventPathTrailingSlash.json", Expect.LATTICE);
        m.put("powertools/vpcLatticeEventV2PathTrailingSlash.json", Expect.LATTICE_V2);
        m.put("powertools/vpcLatticeV2Event.json", Expect.LATTICE_V2);
        m.put("powertools/vpcLatticeV2EventWithHeaders.json", Expect.LATTICE_V2);
    }

}
