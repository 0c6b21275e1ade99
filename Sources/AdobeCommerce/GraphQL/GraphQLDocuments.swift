/// The GraphQL documents of the typed operations, each validated against the Adobe Commerce schema by
/// `validate-graphql.py` in CI. Fragments are appended to the operations that use them.
enum GraphQLDocuments {
    static let money = """
        fragment MoneyFields on Money {
          value
          currency
        }
        """

    static let productPrice = """
        fragment ProductPriceFields on ProductPrice {
          regular_price { ...MoneyFields }
          final_price { ...MoneyFields }
          discount { amount_off percent_off }
        }
        """

    static let product = """
        fragment ProductFields on ProductInterface {
          __typename
          uid
          sku
          name
          url_key
          stock_status
          only_x_left_in_stock
          price_range {
            minimum_price { ...ProductPriceFields }
            maximum_price { ...ProductPriceFields }
          }
          media_gallery { url label position disabled }
          categories { uid name url_path level }
          ... on ConfigurableProduct {
            configurable_options {
              uid
              attribute_code
              label
              values { uid label }
            }
            variants {
              attributes { uid code label value_index }
              product {
                uid
                sku
                name
                stock_status
                price_range { minimum_price { ...ProductPriceFields } }
              }
            }
          }
        }
        """

    static let cart = """
        fragment CartFields on Cart {
          id
          email
          is_virtual
          total_quantity
          items {
            __typename
            uid
            quantity
            product { uid sku name }
            prices {
              price { ...MoneyFields }
              row_total { ...MoneyFields }
            }
            ... on ConfigurableCartItem {
              configured_variant { sku }
              configurable_options { option_label value_label configurable_product_option_value_uid }
            }
          }
          applied_coupons { code }
          prices {
            grand_total { ...MoneyFields }
            subtotal_excluding_tax { ...MoneyFields }
            discounts { label amount { ...MoneyFields } }
          }
          shipping_addresses {
            firstname
            lastname
            street
            city
            region { code label }
            postcode
            telephone
            country { code label }
            available_shipping_methods {
              carrier_code
              carrier_title
              method_code
              method_title
              available
              amount { ...MoneyFields }
            }
            selected_shipping_method {
              carrier_code
              carrier_title
              method_code
              method_title
              amount { ...MoneyFields }
            }
          }
          billing_address {
            firstname
            lastname
            street
            city
            postcode
            telephone
            country { code label }
          }
          available_payment_methods { code title }
          selected_payment_method { code title }
        }
        """

    static let productsBySKU = """
        query ProductsBySKU($skus: [String], $pageSize: Int) {
          products(filter: { sku: { in: $skus } }, pageSize: $pageSize) {
            total_count
            items { ...ProductFields }
          }
        }
        """

    static let productSearch = """
        query ProductSearch(
          $search: String
          $filter: ProductAttributeFilterInput
          $sort: ProductAttributeSortInput
          $pageSize: Int
          $currentPage: Int
        ) {
          products(search: $search, filter: $filter, sort: $sort, pageSize: $pageSize, currentPage: $currentPage) {
            total_count
            page_info { current_page page_size total_pages }
            aggregations {
              attribute_code
              label
              count
              options { label value count }
            }
            items { ...ProductFields }
          }
        }
        """

    static let storeConfig = """
        query StoreConfig {
          storeConfig {
            store_code
            store_name
            locale
            base_currency_code
            default_display_currency_code
            timezone
            weight_unit
            base_url
            secure_base_url
          }
        }
        """

    static let generateCustomerToken = """
        mutation GenerateCustomerToken($email: String!, $password: String!) {
          generateCustomerToken(email: $email, password: $password) { token }
        }
        """

    static let revokeCustomerToken = """
        mutation RevokeCustomerToken {
          revokeCustomerToken { result }
        }
        """

    static let customer = """
        query Customer {
          customer {
            firstname
            lastname
            email
            is_subscribed
            addresses {
              id
              firstname
              lastname
              street
              city
              region { region region_code region_id }
              postcode
              country_code
              telephone
              default_billing
              default_shipping
            }
          }
        }
        """

    static let customerOrders = """
        query CustomerOrders($pageSize: Int, $currentPage: Int) {
          customer {
            orders(pageSize: $pageSize, currentPage: $currentPage) {
              total_count
              page_info { current_page page_size total_pages }
              items {
                number
                order_date
                status
                total { grand_total { ...MoneyFields } }
                items { product_sku product_name quantity_ordered }
              }
            }
          }
        }
        """

    static let createGuestCart = """
        mutation CreateGuestCart {
          createGuestCart { cart { id } }
        }
        """

    static let customerCart = """
        query CustomerCart {
          customerCart { ...CartFields }
        }
        """

    static let cartQuery = """
        query Cart($cartId: String!) {
          cart(cart_id: $cartId) { ...CartFields }
        }
        """

    static let addProductsToCart = """
        mutation AddProductsToCart($cartId: String!, $cartItems: [CartItemInput!]!) {
          addProductsToCart(cartId: $cartId, cartItems: $cartItems) {
            cart { ...CartFields }
            user_errors { code message }
          }
        }
        """

    static let updateCartItems = """
        mutation UpdateCartItems($input: UpdateCartItemsInput) {
          updateCartItems(input: $input) { cart { ...CartFields } }
        }
        """

    static let removeItemFromCart = """
        mutation RemoveItemFromCart($input: RemoveItemFromCartInput) {
          removeItemFromCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let setGuestEmail = """
        mutation SetGuestEmailOnCart($input: SetGuestEmailOnCartInput) {
          setGuestEmailOnCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let setShippingAddresses = """
        mutation SetShippingAddressesOnCart($input: SetShippingAddressesOnCartInput) {
          setShippingAddressesOnCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let setBillingAddress = """
        mutation SetBillingAddressOnCart($input: SetBillingAddressOnCartInput) {
          setBillingAddressOnCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let setShippingMethods = """
        mutation SetShippingMethodsOnCart($input: SetShippingMethodsOnCartInput) {
          setShippingMethodsOnCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let setPaymentMethod = """
        mutation SetPaymentMethodOnCart($input: SetPaymentMethodOnCartInput) {
          setPaymentMethodOnCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let applyCoupon = """
        mutation ApplyCouponToCart($input: ApplyCouponToCartInput) {
          applyCouponToCart(input: $input) { cart { ...CartFields } }
        }
        """

    static let placeOrder = """
        mutation PlaceOrder($input: PlaceOrderInput) {
          placeOrder(input: $input) {
            orderV2 { number }
            errors { code message }
          }
        }
        """
}
