package domain

// User-facing messages of SageMaker resource validation. Field errors carry
// no data, so each says on its own what to fix. Empty required fields reuse
// MsgFieldRequired.
const (
	MsgResourceKindInvalid          Message = "sagemaker.kind_invalid"
	MsgResourceNameInvalid          Message = "sagemaker.name_invalid"
	MsgResourceDescriptionTooLong   Message = "sagemaker.description_too_long"
	MsgResourceRegionInvalid        Message = "sagemaker.region_invalid"
	MsgInferenceInstanceTypeInvalid Message = "sagemaker.inference_instance_type_invalid"
	MsgTrainingInstanceTypeInvalid  Message = "sagemaker.training_instance_type_invalid"
	MsgMIMETypeInvalid              Message = "sagemaker.mime_type_invalid"
	MsgValidationStatusInvalid      Message = "sagemaker.validation_status_invalid"
	MsgTrainingChannelsRequired     Message = "sagemaker.channels_required"
	MsgChannelNameInvalid           Message = "sagemaker.channel_name_invalid"
	MsgChannelNameDuplicate         Message = "sagemaker.channel_name_duplicate"
	MsgChannelInputModesInvalid     Message = "sagemaker.input_modes_invalid"
	MsgChannelCompressionInvalid    Message = "sagemaker.compression_types_invalid"
	MsgHyperParameterNameTooLong    Message = "sagemaker.hyperparameter_name_too_long"
	MsgHyperParameterNameDuplicate  Message = "sagemaker.hyperparameter_name_duplicate"
	MsgHyperParameterTypeInvalid    Message = "sagemaker.hyperparameter_type_invalid"
	MsgIntegerRangeInvalid          Message = "sagemaker.integer_range_invalid"
	MsgContinuousRangeInvalid       Message = "sagemaker.continuous_range_invalid"
	MsgCategoricalValuesRequired    Message = "sagemaker.categorical_values_required"
	MsgDefaultValueInvalid          Message = "sagemaker.default_value_invalid"
	MsgMetricNameTooLong            Message = "sagemaker.metric_name_too_long"
	MsgMetricNameDuplicate          Message = "sagemaker.metric_name_duplicate"
	MsgMetricRegexTooLong           Message = "sagemaker.metric_regex_too_long"
	MsgMetricRegexInvalid           Message = "sagemaker.metric_regex_invalid"
)

// User-facing messages of importing a resource from pasted SageMaker JSON.
// The error's Data may hold "Field" (a JSON path such as
// "InferenceSpecification.SupportedContentTypes"), "Line" and "Column"
// (1-based). The same ID is also put in Fields[FieldDescribeOutput], which is rendered
// without data, so the texts show those values only when present.
const (
	MsgImportEmpty          Message = "sagemaker.import_empty"
	MsgImportInvalidJSON    Message = "sagemaker.import_invalid_json"
	MsgImportNotObject      Message = "sagemaker.import_not_object"
	MsgImportMissingField   Message = "sagemaker.import_missing_field"
	MsgImportWrongType      Message = "sagemaker.import_wrong_type"
	MsgImportARNInvalid     Message = "sagemaker.import_arn_invalid"
	MsgImportARNWrongKind   Message = "sagemaker.import_arn_wrong_kind"
	MsgImportForeignAccount Message = "sagemaker.import_foreign_account"
	MsgImportARNMismatch    Message = "sagemaker.import_arn_mismatch"
)
