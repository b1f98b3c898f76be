'use strict';
// The same app as a Lambda handler: serverless-express maps each event to a request on the
// Express object and the response back to a result. Run by aws-lambda-ric with _HANDLER=lambda.handler.
const serverlessExpress = require('@codegenie/serverless-express');
const app = require('./app');

exports.handler = serverlessExpress({ app });
