// Package catalogdoc maps the AWS Marketplace Catalog API's documents for
// MachineLearningProduct@1.0 to the application core and back, so that the
// Catalog API face and the pages share one rule set: EntityDocument builds
// the DescribeEntity DetailsDocument of a product, ParseChange reads the
// Details of one StartChangeSet change strictly, Apply performs it through
// the use cases of app.App, and ResolveReferences fills the
// "$<ChangeName>.Entity.Identifier" references of a change set.
//
// The package is pure mapping: no HTTP, no storage. Change set records, the
// asynchronous runner and AWS's wire errors belong to the API face.
//
// # Sources
//
// Field names, nesting and limits are AWS's, taken from:
//
//   - the shapes AWS generates for the Catalog API, repository
//     awslabs/aws-marketplace-catalog-api-shapes-for-python (commit
//     e2fef2264d48b3166807d592924e6e3caa1a2f95), packages
//     aws_marketplace_catalog_shapes_machinelearningproduct_1_0_entitytype
//     (the DescribeEntity document: MachineLearningProductEntityDetail,
//     Description, PromotionalResources, SupportInformation, Targeting,
//     RegionAvailability, Version, Source, DeliveryOption, Instructions,
//     InputProperties, OutputProperties, Sample, Parameter, OutputParameter,
//     RecommendedInstanceTypes, SupportedInstanceTypes, Dimension, Video,
//     AdditionalResource) and
//     aws_marketplace_catalog_shapes_machinelearningproduct_1_0_changetypes
//     (CreateProduct, UpdateInformation, UpdateTargeting, AddDeliveryOptions,
//     UpdateDeliveryOptions, RestrictDeliveryOptions, UpdateVisibility,
//     ReleaseProduct, with their max lengths and list sizes);
//   - "Work with machine learning products using AWS Marketplace APIs",
//     https://docs.aws.amazon.com/marketplace/latest/developerguide/work-with-ml-products.html,
//     and its pages "Add a new version"
//     (https://docs.aws.amazon.com/marketplace/latest/APIReference/ml-add-version.html),
//     "Update version information"
//     (https://docs.aws.amazon.com/marketplace/latest/APIReference/ml-update-version.html),
//     "Restrict a version"
//     (https://docs.aws.amazon.com/marketplace/latest/developerguide/ml-restrict-version.html)
//     and "Update pricing terms"
//     (https://docs.aws.amazon.com/marketplace/latest/APIReference/update-pricing-terms.html):
//     the request examples kept in testdata, the error codes
//     (DUPLICATE_VERSION_TITLE, INVALID_ASSET_ARN, DUPLICATE_ASSET,
//     ASSET_NOT_FOUND, INCOMPATIBLE_DELIVERY_OPTIONS,
//     INVALID_RECOMMENDED_INSTANCE_TYPE, INVALID_DELIVERY_OPTION_ID,
//     INCOMPATIBLE_DELIVERY_OPTION_STATUS, INCOMPATIBLE_PRODUCT_STATUS,
//     FIELD_NOT_ALLOWED_TO_CHANGE, UPDATE_PRICING_REQUIRED) and the ML
//     pricing dimension keys ("<instance type>.m.i.r" real-time inference,
//     ".m.i.b" batch transform, ".a.t" algorithm training, "m.i.c" per
//     inference);
//   - the UpdateLegalTerms document of aws-samples/aws-marketplace-reference-code
//     (java/src/main/resources/changeSets/offers/UpdateEula.json).
//
// # Inferred, not from AWS
//
// AWS documents neither the values of a few entity fields nor the generic
// validation codes; these are the portal's choices: the DeliveryOption Type
// ("SageMakerModel", "SageMakerAlgorithm") and Source Type
// ("SageMakerModelPackage", "SageMakerAlgorithm"); FutureRegionSupport
// ("All", "None"); the Dimension Unit and Types; the delivery option and
// version Ids (UUID-shaped, derived from the portal's version ID, see
// DeliveryOptionID); the codes INVALID_INPUT, UNKNOWN_FIELD,
// MISSING_REQUIRED_FIELD, INVALID_CHANGE_TYPE, INVALID_REFERENCE,
// ACCESS_DENIED, RESOURCE_NOT_FOUND, CONFLICT and INTERNAL_FAILURE.
//
// # What the portal keeps differently
//
// The portal stores a logo as an image, not a URL: UpdateInformation takes
// LogoUrl as a data: URL of a PNG or JPEG. It stores the EULA as text:
// UpdateLegalTerms takes a StandardEula (recorded as the standard contract
// and its version), a CustomEula as a data:text/plain URL (its text) or an
// https URL (recorded as a one-line agreement pointing there). Support
// information has an email and a URL besides the description, which AWS's
// UpdateInformation lacks: they are kept as the pages set them. Region
// availability has no MachineLearningProduct change type at AWS: it is
// shown in DescribeEntity and set from the pages. Sku, AccessRoleArn, the
// model package UsageInstructions and sample inputs given as text have no
// place in the portal; see the comments of Apply.
package catalogdoc
